// Files the user picks, drops or photographs, on their way to the core (which checks and
// stores them: the renderer never writes a file), and the cheap facts a thumbnail shows.

/** Bytes as base64 (attachments travel in JSON). */
export function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(blob);
  });
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The largest file the core takes (its contract: 40 MB of bytes). */
export const MAX_FILE_BYTES = 40 * 1024 * 1024;

/**
 * The page count of a PDF when it is cheap to tell: the /Type /Page objects in its bytes
 * (PDFs with compressed object streams hide them: null then).
 */
export function pdfPageCount(bytes: Uint8Array): number | null {
  if (bytes.length > 20 * 1024 * 1024) return null;
  let text = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) text += String.fromCharCode(...bytes.subarray(i, i + chunk));
  const count = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  return count > 0 ? count : null;
}

/** Whether this machine has a camera (document scanners in kiosks appear as one). */
export async function hasCamera(): Promise<boolean> {
  try {
    if (!navigator.mediaDevices?.enumerateDevices) return false;
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices.some((d) => d.kind === 'videoinput');
  } catch {
    return false;
  }
}

/** A name for a photo taken now: 拍照-20261127-101530.jpg. */
export function photoName(prefix: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${prefix}-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}.jpg`;
}

/** Hand a file the core made (an export) to the browser's download, under its own name. */
export function downloadFile(fileName: string, mime: string, base64: string): void {
  downloadBlob(fileName, new Blob([base64ToBytes(base64)], { type: mime }));
}

/** Offer `blob` as a download named `fileName`. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked once the browser has taken it (a click starts the download synchronously).
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
