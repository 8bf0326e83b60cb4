// Saves a string as a file through a blob: URL (same origin, no network) and <a download>.

/** A file name that is safe on every OS from a document id. */
export function fileName(id, suffix) {
  const safe = String(id).replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 120) || 'document';
  return `${safe}${suffix}`;
}

/** `content` is a string or bytes (Uint8Array). */
export function download(content, name, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: the download may start after this task.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
