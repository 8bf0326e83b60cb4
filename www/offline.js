// Registers the service worker that keeps every asset for offline use, shows which build runs,
// and offers "Reload to update" when a new build has finished downloading (the switch happens
// only then, all at once). Pages opened from file:// (the single-file build) have no service
// worker and need none: everything is inside the file.

/** @param {{ versionEl: HTMLElement, updateButton: HTMLButtonElement, onError: (msg: string) => void }} ui */
export async function setUpOffline({ versionEl, updateButton, onError }) {
  if (!('serviceWorker' in navigator) || location.protocol === 'file:') return;
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading) return;
    reloading = true;
    location.reload();
  });
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'version') versionEl.dataset.build = event.data.build;
  });
  let registration;
  try {
    registration = await navigator.serviceWorker.register('sw.js', { scope: './' });
  } catch (err) {
    onError(`Offline use is not available in this browser session: ${err.message}`);
    return;
  }
  const offerUpdate = (worker) => {
    updateButton.hidden = false;
    updateButton.onclick = () => worker.postMessage({ type: 'skip-waiting' });
  };
  if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const incoming = registration.installing;
    if (!incoming) return;
    incoming.addEventListener('statechange', () => {
      // A first install needs no reload; an update waits for the person's click.
      if (incoming.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(incoming);
    });
  });
  navigator.serviceWorker.controller?.postMessage({ type: 'version' });
  // Look for a new build now and then while the page stays open.
  setInterval(() => registration.update().catch(() => {}), 30 * 60 * 1000);
}
