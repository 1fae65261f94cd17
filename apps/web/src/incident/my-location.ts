/**
 * Where the responder is, for "nearest first" and for the location of a tick. Used only when the browser
 * already has permission (no prompt on page load); the list offers a button that asks. Never stored.
 */
export interface Position {
  lat: number;
  lng: number;
  accuracy: number;
}

export type LocationState = 'unknown' | 'granted' | 'denied' | 'unavailable';

export class MyLocation {
  private watchId: number | null = null;
  private last: Position | null = null;
  private stateValue: LocationState = 'unknown';
  private readonly listeners = new Set<() => void>();

  get position(): Position | null {
    return this.last;
  }

  get state(): LocationState {
    return this.stateValue;
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Starts watching if permission was granted before; never prompts. */
  async startIfGranted(): Promise<void> {
    if (!('geolocation' in navigator)) return this.set('unavailable');
    try {
      const status = await navigator.permissions?.query({ name: 'geolocation' as PermissionName });
      if (status?.state === 'granted') this.watch();
      else if (status?.state === 'denied') this.set('denied');
    } catch {
      /* Permissions API missing (older Safari): wait for the button */
    }
  }

  /** The button: asks for permission (the browser prompts) and starts watching. */
  request(): void {
    if (!('geolocation' in navigator)) return this.set('unavailable');
    this.watch();
  }

  stop(): void {
    if (this.watchId !== null) navigator.geolocation.clearWatch(this.watchId);
    this.watchId = null;
  }

  private watch(): void {
    if (this.watchId !== null) return;
    this.watchId = navigator.geolocation.watchPosition(
      (p) => {
        const next = { lat: p.coords.latitude, lng: p.coords.longitude, accuracy: p.coords.accuracy };
        // Re-sorting the list on every metre is noise: only when the responder moved ~50 m.
        const moved = !this.last || distanceMetres(this.last, next) > 50;
        this.last = next;
        if (moved || this.stateValue !== 'granted') this.set('granted');
      },
      (e) => this.set(e.code === e.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { enableHighAccuracy: false, maximumAge: 60_000, timeout: 30_000 },
    );
  }

  private set(s: LocationState): void {
    this.stateValue = s;
    for (const fn of this.listeners) fn();
  }
}

/** Great-circle distance (haversine), metres. */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6371000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(s)));
}
