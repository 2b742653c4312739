// Resident ID numbers are printed masked: area code (6) and the last 4 characters stay,
// the birth date in between does not (350203********123X).

export function maskIdNumber(id: string | undefined): string {
  if (!id) return '—';
  const v = id.trim().toUpperCase();
  if (v.length <= 10) return '*'.repeat(Math.max(0, v.length - 2)) + v.slice(-2);
  return v.slice(0, 6) + '*'.repeat(v.length - 10) + v.slice(-4);
}
