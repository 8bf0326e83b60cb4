// Registers the service worker that keeps every asset for offline use, shows which build runs,
// and offers "Reload to update" when a new build has finished downloading (the switch happens
// only then, all at once). Pages opened from file:// (the single-file build) have no service
// worker and need none: everything is inside the file.
//
// The page reloads only in the tab where the person clicked "Reload to update". It never
// reloads by itself: on a first visit the new worker claims the page (a "controllerchange"
// too), and a reload then would throw away an article being annotated. Other open tabs are
// told that a new version took over and get the same button, because their later requests
// (a restarted worker, say) would now be answered with the new build's files.

/** @param {{ versionEl: HTMLElement, updateButton: HTMLButtonElement, onError: (msg: string) => void }} ui */
export async function setUpOffline({ versionEl, updateButton, onError }) {
  if (!('serviceWorker' in navigator) || location.protocol === 'file:') return;
  const hadController = Boolean(navigator.serviceWorker.controller);
  let requested = false;
  const reload = () => location.reload();
  // The build shown is the controlling worker's; ask again whenever the controller changes (a
  // first visit gets one only after the install, without a reload).
  const askVersion = () => navigator.serviceWorker.controller?.postMessage({ type: 'version' });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    askVersion();
    if (requested) {
      reload();
    } else if (hadController) {
      updateButton.hidden = false;
      updateButton.onclick = reload;
      onError('A new version of newsmark took over in another tab: reload this one when convenient (your work is saved).');
    }
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
    updateButton.onclick = () => {
      requested = true;
      worker.postMessage({ type: 'skip-waiting' });
    };
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
  askVersion();
  // Look for a new build now and then while the page stays open.
  setInterval(() => registration.update().catch(() => {}), 30 * 60 * 1000);
}
