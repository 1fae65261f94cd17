/**
 * Registers the service worker (apps/web/sw/sw.js, generated into dist/web/sw.js by the Vite build with the
 * list of hashed files to keep): the app shell then opens without a network. Only in the built app and
 * where the browser allows it (https, or localhost); elsewhere the app still works online.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
