// ID numbers print in full on the cover and the newborn voucher: the counter identifies the
// insured person and ties invoices in a parent's name to that parent by them (issue 5 lists
// the ID number on both), and the package carries the ID card's scan anyway — a masked
// number (350203********123X, as the first version printed) hid nothing and helped no one.

/** The number as printed: trimmed, a check character x in capitals; '—' when there is none. */
export function printedIdNumber(id: string | undefined): string {
  const v = id?.trim().toUpperCase();
  return v ? v : '—';
}
