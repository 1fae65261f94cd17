/**
 * People of an incident on the Leaflet map, as the server answers incidentMap: grid clusters when zoomed out
 * (count, worst status), one marker per person from zoom 14. A marker's colour and glyph come from the one
 * status map in colors.ts; its shape tells the priority (◆ high, ■ medium, ● low). People whose details the
 * responder may not see come with a rounded location and are drawn as a soft blurred disc, never a pin.
 */
import L from 'leaflet';
import { APPROXIMATE_COLOR, TASK_STATUS_COLORS, TASK_STATUS_GLYPHS } from '../colors';
import { escapeHtml } from '../dom';
import { codeLabel, t, tf } from '../i18n';
import { priorityBand, type IncidentMapData, type MapCluster, type MapPoint } from './incident-types';

export interface PeopleLayerOptions {
  /** Content of a person's popup (built when it opens, so it shows the latest state). */
  popup(point: MapPoint): HTMLElement;
  /** Which points to draw (the page's filters). */
  visible(point: MapPoint): boolean;
}

/** Hit area of a person marker: a fingertip, whatever the visible shape. */
const HIT = 44;

export class PeopleLayer {
  readonly layer = L.layerGroup();
  private data: IncidentMapData | null = null;
  private readonly byTask = new Map<string, { point: MapPoint; marker: L.Marker | null }>();
  private map: L.Map | null = null;
  private shown = 0;
  /** A task the person asked to see ("show on map"): drawn even when the filters would hide it. */
  private forcedTask: string | null = null;

  constructor(private readonly o: PeopleLayerOptions) {}

  attach(map: L.Map): void {
    this.map = map;
    this.layer.addTo(map);
    map.on('zoomend', () => this.resizeApproximate());
    // Which person's popup is open, so a redraw (new answer, live change) opens it again.
    map.on('popupopen', (e) => {
      const id = (e.popup as L.Popup & { anpiTask?: string }).anpiTask;
      this.openTask = id ?? null;
    });
    map.on('popupclose', () => {
      if (!this.redrawing) this.openTask = null;
    });
  }

  private openTask: string | null = null;
  private redrawing = false;
  private lastKey = '';

  get mode(): IncidentMapData['mode'] | null {
    return this.data?.mode ?? null;
  }

  get current(): IncidentMapData | null {
    return this.data;
  }

  /** How many people (points) or people in clusters are drawn. */
  get count(): number {
    return this.shown;
  }

  /** Draws a new answer (or the same one again after the filters changed). */
  render(data: IncidentMapData): void {
    // The same answer again (a refresh after a live change already applied): nothing to redraw.
    const key = JSON.stringify(data);
    if (key === this.lastKey && this.data) return;
    this.lastKey = key;
    this.data = data;
    this.redrawing = true;
    try {
      this.draw(data);
    } finally {
      this.redrawing = false;
    }
    const reopen = this.openTask ? this.byTask.get(this.openTask)?.marker : null;
    if (reopen) reopen.openPopup();
    else this.openTask = null;
  }

  private draw(data: IncidentMapData): void {
    this.map?.closePopup();
    this.layer.clearLayers();
    this.byTask.clear();
    this.shown = 0;
    if (data.mode === 'CLUSTERS') {
      for (const c of data.clusters) {
        this.layer.addLayer(this.clusterMarker(c));
        this.shown += c.count;
      }
      return;
    }
    // Highest priority drawn last, so on top (and "needs help" above all, by zIndexOffset).
    const points = [...data.points].sort((a, b) => a.priority - b.priority);
    for (const p of points) {
      const visible = this.isVisible(p);
      const marker = visible ? this.pointMarker(p) : null;
      if (marker) {
        this.layer.addLayer(marker);
        this.shown += 1;
      }
      for (const id of p.taskIds) this.byTask.set(id, { point: p, marker });
    }
    this.map?.fire('anpi:people-rendered');
  }

  private isVisible(p: MapPoint): boolean {
    return this.o.visible(p) || (this.forcedTask !== null && p.taskIds.includes(this.forcedTask));
  }

  /** Redraws with the current filters (no request). */
  refilter(): void {
    if (!this.data) return;
    this.lastKey = '';
    this.render(this.data);
  }

  /** The point a task belongs to, if drawn in this answer. */
  pointOf(taskId: string): MapPoint | null {
    return this.byTask.get(taskId)?.point ?? null;
  }

  /**
   * A live change of one task: recolour its marker at once. `statusOf` gives what is known of the other
   * tasks of the same person; returns false when the marker could not be brought up to date here (the
   * caller then refetches the view).
   */
  applyStatus(taskId: string, status: MapPoint['status'], worstOf: (point: MapPoint) => MapPoint['status'] | null): boolean {
    const entry = this.byTask.get(taskId);
    if (!entry) return this.data?.mode === 'POINTS' ? true : false;
    const p = entry.point;
    const next = p.taskIds.length === 1 ? status : worstOf(p);
    if (!next) return false;
    p.status = next;
    if (next === 'NEEDS_HELP' || next === 'HOME_NEEDS_SUPPORT') p.cannotReachShelter = true;
    const visible = this.isVisible(p);
    if (entry.marker && visible) {
      entry.marker.setIcon(personIcon(p, this.map?.getZoom() ?? 14));
      this.decorate(entry.marker, p);
      if (entry.marker.isPopupOpen()) entry.marker.getPopup()?.setContent(this.o.popup(p));
      return true;
    }
    if (!!entry.marker !== visible) this.refilter();
    return true;
  }

  /** Centres the map on a task's person and opens their popup. */
  focusTask(taskId: string, fallback: { lat: number; lng: number } | null): void {
    const map = this.map;
    if (!map) return;
    this.forcedTask = taskId;
    const entry = this.byTask.get(taskId);
    const at = entry?.point ?? fallback;
    if (!at) return;
    map.setView([at.lat, at.lng], Math.max(map.getZoom(), 16), { animate: false });
    // The view change reloads the points; open the popup once the marker for this task is drawn again.
    const open = () => {
      const m = this.byTask.get(taskId)?.marker;
      if (m) m.openPopup();
    };
    if (entry?.marker) entry.marker.openPopup();
    else {
      if (entry) this.refilter();
      if (this.byTask.get(taskId)?.marker) open();
      else map.once('anpi:people-rendered', open);
    }
  }

  private clusterMarker(c: MapCluster): L.Marker {
    const size = Math.round(Math.min(64, 36 + Math.log2(Math.max(1, c.count)) * 3));
    const color = TASK_STATUS_COLORS[c.worstStatus] ?? TASK_STATUS_COLORS.UNCHECKED;
    const label = tf('incidentMap.clusterLabel', { n: c.count, h: c.needsHelp, u: c.unchecked });
    const help = c.needsHelp > 0 ? `<span class="anpi-cluster-help" aria-hidden="true">!${c.needsHelp}</span>` : '';
    const icon = L.divIcon({
      className: 'anpi-cluster',
      html: `<span class="anpi-cluster-disc" style="--c:${color};width:${size}px;height:${size}px">${c.count}</span>${help}`,
      iconSize: [Math.max(HIT, size), Math.max(HIT, size)],
    });
    const m = L.marker([c.lat, c.lng], { icon, title: label, alt: label, keyboard: true, riseOnHover: true });
    m.on('add', () => {
      const el = m.getElement();
      el?.setAttribute('data-testid', 'incident-cluster');
      el?.setAttribute('data-status', c.worstStatus);
      el?.setAttribute('data-count', String(c.count));
      el?.setAttribute('role', 'button');
      el?.setAttribute('aria-label', label);
    });
    m.on('click', () => {
      const map = this.map;
      if (map) map.setView([c.lat, c.lng], Math.max(14, Math.floor(map.getZoom()) + 2));
    });
    return m;
  }

  private pointMarker(p: MapPoint): L.Marker {
    const zoom = this.map?.getZoom() ?? 14;
    const m = L.marker([p.lat, p.lng], {
      icon: personIcon(p, zoom),
      keyboard: true,
      riseOnHover: true,
      zIndexOffset: p.status === 'NEEDS_HELP' ? 1000 : p.priority,
    });
    // Clear of the zoom buttons on the left and the layer button on the right, even on a 360-px phone.
    const narrow = (this.map?.getSize().x ?? 1000) < 500;
    m.bindPopup(() => this.o.popup(p), {
      maxWidth: narrow ? 220 : 300,
      minWidth: narrow ? 200 : 240,
      autoPanPaddingTopLeft: [narrow ? 58 : 64, 64],
      autoPanPaddingBottomRight: [narrow ? 6 : 64, 24],
    });
    const popup = m.getPopup() as (L.Popup & { anpiTask?: string }) | undefined;
    if (popup) popup.anpiTask = p.taskIds[0];
    m.on('add', () => this.decorate(m, p));
    return m;
  }

  private decorate(m: L.Marker, p: MapPoint): void {
    const el = m.getElement();
    if (!el) return;
    const label = p.approximate
      ? `${t('incidentMap.approximate')} · ${codeLabel('taskStatus', p.status)}`
      : `${codeLabel('taskStatus', p.status)} · ${t('filter.priority')} ${p.priority}`;
    el.setAttribute('data-testid', p.approximate ? 'incident-approx' : 'incident-person');
    el.setAttribute('data-status', p.status);
    el.setAttribute('data-tasks', p.taskIds.join(' '));
    el.setAttribute('role', 'button');
    el.setAttribute('aria-label', label);
    el.title = label;
  }

  private resizeApproximate(): void {
    if (!this.map || this.data?.mode !== 'POINTS') return;
    const zoom = this.map.getZoom();
    for (const { point, marker } of this.byTask.values()) if (point.approximate && marker) marker.setIcon(personIcon(point, zoom));
  }
}

/** Pixels a rounded location (±0.0025°, about ±280 m) covers at this zoom, for the blurred disc. */
function approximateSize(zoom: number): number {
  const metresPerPixel = (156543 * Math.cos((35.65 * Math.PI) / 180)) / 2 ** zoom;
  return Math.round(Math.min(220, Math.max(44, 560 / metresPerPixel)));
}

function personIcon(p: MapPoint, zoom: number): L.DivIcon {
  if (p.approximate) {
    const size = approximateSize(zoom);
    return L.divIcon({
      className: 'anpi-approx',
      html: `<span class="anpi-approx-disc" style="--c:${APPROXIMATE_COLOR};--s:${TASK_STATUS_COLORS[p.status]}"></span>`,
      iconSize: [size, size],
    });
  }
  const band = priorityBand(p.priority);
  const color = TASK_STATUS_COLORS[p.status] ?? TASK_STATUS_COLORS.UNCHECKED;
  const glyph = escapeHtml(TASK_STATUS_GLYPHS[p.status] ?? '?');
  return L.divIcon({
    className: `anpi-person anpi-prio-${band} anpi-status-${p.status.toLowerCase().replace(/_/g, '-')}`,
    html: `<span class="anpi-person-shape" style="--c:${color}"><span class="anpi-person-glyph">${glyph}</span></span>`,
    iconSize: [HIT, HIT],
  });
}
