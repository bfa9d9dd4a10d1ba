import { ApiError } from './api';
import { session } from './session';

/** Downloads a file the API answers (an Excel export) with the session's token, under the given name. */
export async function download(path: string, filename: string): Promise<void> {
  const response = await fetch(`/api${path}`, { headers: session.token ? { Authorization: `Bearer ${session.token}` } : {} });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string; messageEn?: string };
    throw new ApiError(response.status, body.error ?? 'ERROR', body.message ?? response.statusText, body.messageEn ?? response.statusText);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
