/**
 * The plan editor's map: the person's home, every designated shelter of the region (welfare shelters
 * as a distinct "福" square, shelters as blue dots, emergency sites as smaller green dots), the chosen
 * destination ringed, and the plan's routes. Tap a shelter to choose it; "draw a route" turns taps into
 * the vertices of a new LineString (undo, finish, cancel).
 */
import L from 'leaflet';
import { CHOSEN_RING, HOME_COLOR, ROUTE_CASING, ROUTE_COLORS, SHELTER_KIND_COLORS } from './colors';
import { h, replaceContent } from './dom';
import { shelterKindName, t, tf } from './i18n';
import { showNotice } from './notices';
import { MAX_ROUTE_POINTS, MAX_ROUTES, type RouteDraft } from './plan-model';
import type { PlanMapData } from './session-data';
import type { ShelterKind, ShelterPoint } from './types';

export interface PlanMapOptions {
  home: { lat: number; lng: number };
  data: PlanMapData;
  editable: boolean;
  onShelterChosen(shelter: ShelterPoint): void;
  onRouteFinished(coordinates: [number, number][]): void;
  routeCount(): number;
}

/** Hit areas are large (a fingertip), the visible marks small enough not to hide the map. */
const ICON_SIZE: Record<ShelterKind, number> = { WELFARE_SHELTER: 36, SHELTER: 32, EMERGENCY_SITE: 28 };
const Z_OFFSET: Record<ShelterKind, number> = { WELFARE_SHELTER: 300, SHELTER: 200, EMERGENCY_SITE: 100 };

export class PlanMap {
  readonly element: HTMLElement;
  private readonly mapEl = h('div', { class: 'plan-map', 'data-testid': 'plan-map', role: 'region' });
  private readonly toolbar = h('div', { class: 'map-toolbar', 'data-testid': 'route-toolbar' });
  private readonly legend = h('ul', { class: 'map-legend', 'data-testid': 'map-legend' });
  /** Credits of the tiles and the shelter data, under the map: on a phone they would cover a third of it. */
  private readonly credits = h('p', { class: 'map-credits', 'data-testid': 'map-credits' });
  private map: L.Map | null = null;
  private readonly markers = new Map<string, { marker: L.Marker; shelter: ShelterPoint }>();
  private chosenId: string | null = null;
  private chosenRing: L.CircleMarker | null = null;
  private routes: RouteDraft[] = [];
  private readonly routeLayer = L.layerGroup();
  private drawing: L.LatLng[] | null = null;
  private readonly drawLayer = L.layerGroup();
  private tilesFailed = false;

  constructor(private readonly o: PlanMapOptions) {
    this.element = h('div', { class: 'plan-map-panel' }, this.mapEl, this.toolbar, this.legend, this.credits);
  }

  get isDrawing(): boolean {
    return this.drawing !== null;
  }

  /** Creates the Leaflet map; the element must be in the document. */
  mount(): void {
    if (this.map) return;
    const map = L.map(this.mapEl, { center: [this.o.home.lat, this.o.home.lng], zoom: 15, zoomSnap: 0.5, attributionControl: false });
    this.map = map;
    const { mapSettings } = this.o.data;
    const tiles = L.tileLayer(mapSettings.tileUrl, { attribution: mapSettings.tileAttribution, minZoom: 5, maxZoom: 18, className: 'anpi-tiles' });
    tiles.on('tileerror', () => {
      if (this.tilesFailed) return;
      this.tilesFailed = true;
      showNotice(() => t('plan.tilesUnavailable'), 'info', { id: 'tiles' });
    });
    tiles.addTo(map);
    // The tile credit is the operator's configured HTML (a link), trusted as the region map trusts it.
    const tileCredit = h('span', { class: 'map-credit' });
    tileCredit.innerHTML = mapSettings.tileAttribution;
    replaceContent(this.credits, tileCredit, ...mapSettings.dataAttribution.map((line) => h('span', { class: 'map-credit' }, line)));

    L.marker([this.o.home.lat, this.o.home.lng], {
      icon: L.divIcon({ className: 'anpi-plan-home', html: HOME_SVG, iconSize: [34, 34] }),
      keyboard: false,
      interactive: false,
      zIndexOffset: 400,
    }).addTo(map);

    for (const s of this.o.data.shelters) this.addShelter(s);
    this.routeLayer.addTo(map);
    this.drawLayer.addTo(map);
    map.on('click', (e: L.LeafletMouseEvent) => {
      if (this.drawing) this.addVertex(e.latlng);
    });
    this.drawRoutes();
    this.drawChosen();
    this.relabel();
    this.fit();
  }

  /** Call after the container moved or changed size. */
  resize(): void {
    this.map?.invalidateSize({ animate: false });
  }

  relabel(): void {
    this.mapEl.setAttribute('aria-label', t('plan.mapLabel'));
    for (const { marker, shelter } of this.markers.values()) {
      const el = marker.getElement();
      el?.setAttribute('aria-label', `${shelter.nameJa}（${shelterKindName(shelter.kind)}）`);
    }
    this.renderToolbar();
    this.renderLegend();
  }

  destroy(): void {
    this.map?.remove();
    this.map = null;
    this.element.remove();
  }

  setChosen(shelterId: string | null): void {
    this.chosenId = shelterId;
    this.drawChosen();
  }

  setRoutes(routes: RouteDraft[]): void {
    this.routes = routes;
    this.drawRoutes();
    this.renderToolbar();
  }

  /** Fits route `i` (or everything) into view. */
  showRoute(i: number): void {
    const r = this.routes[i];
    if (!this.map || !r || r.coordinates.length === 0) return;
    this.mapEl.scrollIntoView({ block: 'nearest' });
    this.map.fitBounds(L.latLngBounds(r.coordinates.map(([x, y]) => L.latLng(y, x))), { padding: [24, 24], maxZoom: 17 });
  }

  /** Home, the chosen shelter and the routes in view (at most street level). */
  fit(): void {
    if (!this.map) return;
    const points: L.LatLng[] = [L.latLng(this.o.home.lat, this.o.home.lng)];
    const chosen = this.chosenId ? this.markers.get(this.chosenId) : undefined;
    if (chosen) points.push(chosen.marker.getLatLng());
    for (const r of this.routes) for (const [x, y] of r.coordinates) points.push(L.latLng(y, x));
    if (points.length === 1) this.map.setView(points[0] as L.LatLng, 15, { animate: false });
    else this.map.fitBounds(L.latLngBounds(points), { padding: [32, 32], maxZoom: 16, animate: false });
  }

  private addShelter(s: ShelterPoint): void {
    if (!this.map) return;
    const size = ICON_SIZE[s.kind] ?? 28;
    const glyph = s.kind === 'WELFARE_SHELTER' ? '福' : '';
    const marker = L.marker([s.lat, s.lng], {
      icon: L.divIcon({
        className: `anpi-plan-shelter anpi-plan-shelter-${s.kind.toLowerCase().replace(/_/g, '-')}`,
        html: `<span class="shelter-glyph" style="background:${SHELTER_KIND_COLORS[s.kind]}">${glyph}</span>`,
        iconSize: [size, size],
      }),
      // Choosing by keyboard goes through the "nearby shelters" list; 470 tab stops on the map would not help.
      keyboard: false,
      title: `${s.nameJa}（${shelterKindName(s.kind)}）`,
      zIndexOffset: Z_OFFSET[s.kind] ?? 0,
      interactive: this.o.editable,
    });
    marker.on('click', () => {
      if (this.drawing) this.addVertex(marker.getLatLng());
      else if (this.o.editable) this.o.onShelterChosen(s);
    });
    marker.addTo(this.map);
    const el = marker.getElement();
    el?.setAttribute('data-shelter-id', s.id);
    el?.setAttribute('data-testid', 'plan-shelter');
    el?.setAttribute('data-kind', s.kind);
    this.markers.set(s.id, { marker, shelter: s });
  }

  private drawChosen(): void {
    if (!this.map) return;
    this.chosenRing?.remove();
    this.chosenRing = null;
    for (const { marker } of this.markers.values()) marker.getElement()?.classList.remove('is-chosen');
    const chosen = this.chosenId ? this.markers.get(this.chosenId) : undefined;
    if (!chosen) return;
    chosen.marker.getElement()?.classList.add('is-chosen');
    this.chosenRing = L.circleMarker(chosen.marker.getLatLng(), { radius: 22, color: CHOSEN_RING, weight: 4, fill: false, interactive: false, className: 'anpi-chosen-ring' })
      .bindTooltip(chosen.shelter.nameJa, { permanent: true, direction: 'top', offset: [0, -20], className: 'anpi-chosen-label' })
      .addTo(this.map);
  }

  private drawRoutes(): void {
    this.routeLayer.clearLayers();
    this.routes.forEach((r, i) => {
      const latlngs = r.coordinates.map(([x, y]) => L.latLng(y, x));
      const color = ROUTE_COLORS[i % ROUTE_COLORS.length] as string;
      L.polyline(latlngs, { color: ROUTE_CASING, weight: 9, opacity: 0.9, interactive: false }).addTo(this.routeLayer);
      L.polyline(latlngs, { color, weight: 5, opacity: 1, interactive: false, className: 'anpi-route', dashArray: i === 0 ? undefined : '10 6' }).addTo(this.routeLayer);
      const end = latlngs[latlngs.length - 1];
      if (end) {
        L.marker(end, { icon: L.divIcon({ className: 'anpi-route-end', html: `<span style="background:${color}">${i + 1}</span>`, iconSize: [26, 26] }), interactive: false, keyboard: false }).addTo(this.routeLayer);
      }
    });
  }

  private startDrawing(): void {
    if (!this.map || this.routes.length >= MAX_ROUTES) return;
    this.drawing = [];
    this.map.doubleClickZoom.disable(); // quick taps add points instead of zooming
    this.mapEl.classList.add('is-drawing');
    this.redrawDrawing();
    this.renderToolbar();
  }

  private addVertex(p: L.LatLng): void {
    if (!this.drawing || this.drawing.length >= MAX_ROUTE_POINTS) return;
    this.drawing.push(p);
    this.redrawDrawing();
    this.renderToolbar();
  }

  private undo(): void {
    if (!this.drawing) return;
    this.drawing.pop();
    this.redrawDrawing();
    this.renderToolbar();
  }

  private finish(): void {
    const pts = this.drawing;
    if (!pts || pts.length < 2) return;
    this.stopDrawing();
    this.o.onRouteFinished(pts.map((p) => [p.lng, p.lat] as [number, number]));
  }

  private stopDrawing(): void {
    this.drawing = null;
    this.map?.doubleClickZoom.enable();
    this.mapEl.classList.remove('is-drawing');
    this.redrawDrawing();
    this.renderToolbar();
  }

  private redrawDrawing(): void {
    this.drawLayer.clearLayers();
    const pts = this.drawing;
    if (!pts) return;
    const color = ROUTE_COLORS[this.routes.length % ROUTE_COLORS.length] as string;
    if (pts.length > 1) L.polyline(pts, { color, weight: 5, dashArray: '4 8', interactive: false, className: 'anpi-route-drawing' }).addTo(this.drawLayer);
    pts.forEach((p, i) =>
      L.circleMarker(p, { radius: i === pts.length - 1 ? 8 : 6, color: '#ffffff', weight: 2, fillColor: color, fillOpacity: 1, interactive: false, className: 'anpi-route-vertex' }).addTo(this.drawLayer),
    );
  }

  private renderToolbar(): void {
    if (!this.o.editable) {
      this.toolbar.replaceChildren();
      this.toolbar.hidden = true;
      return;
    }
    this.toolbar.hidden = false;
    const btn = (label: string, run: () => void, testId: string, kind: 'primary' | 'secondary' = 'secondary', disabled = false) => {
      const b = h('button', { type: 'button', class: `button button-${kind}`, 'data-testid': testId, disabled }, label);
      b.addEventListener('click', run);
      return b;
    };
    if (this.drawing) {
      const n = this.drawing.length;
      this.toolbar.replaceChildren(
        h('p', { class: 'map-toolbar-status', role: 'status', 'data-testid': 'route-status' }, tf('plan.drawing', { n })),
        h(
          'div',
          { class: 'map-toolbar-buttons' },
          btn(t('plan.drawUndo'), () => this.undo(), 'route-undo', 'secondary', n === 0),
          btn(t('plan.drawFinish'), () => this.finish(), 'route-finish', 'primary', n < 2),
          btn(t('plan.drawCancel'), () => this.stopDrawing(), 'route-cancel'),
        ),
      );
      return;
    }
    const full = this.o.routeCount() >= MAX_ROUTES;
    replaceContent(
      this.toolbar,
      h('div', { class: 'map-toolbar-buttons' }, btn(`＋ ${t('plan.draw')}`, () => this.startDrawing(), 'route-draw', 'secondary', full)),
      full ? h('p', { class: 'map-toolbar-status' }, tf('plan.drawMax', { n: MAX_ROUTES })) : null,
    );
  }

  private renderLegend(): void {
    const item = (swatch: HTMLElement, label: string) => h('li', {}, swatch, label);
    const dot = (color: string, cls = 'legend-dot') => h('span', { class: cls, style: `background:${color}`, 'aria-hidden': 'true' });
    this.legend.replaceChildren(
      item(h('span', { class: 'legend-home', 'aria-hidden': 'true', style: `color:${HOME_COLOR}` }, '⌂'), t('plan.home')),
      item(h('span', { class: 'legend-welfare', style: `background:${SHELTER_KIND_COLORS.WELFARE_SHELTER}`, 'aria-hidden': 'true' }, '福'), shelterKindName('WELFARE_SHELTER')),
      item(dot(SHELTER_KIND_COLORS.SHELTER), shelterKindName('SHELTER')),
      item(dot(SHELTER_KIND_COLORS.EMERGENCY_SITE, 'legend-dot legend-dot-small'), shelterKindName('EMERGENCY_SITE')),
      item(h('span', { class: 'legend-ring', style: `border-color:${CHOSEN_RING}`, 'aria-hidden': 'true' }), t('plan.legendChosen')),
      item(h('span', { class: 'legend-line', style: `background:${ROUTE_COLORS[0]}`, 'aria-hidden': 'true' }), t('plan.legendRoute')),
    );
  }
}

const HOME_SVG = `<svg viewBox="0 0 24 24" width="30" height="30" aria-hidden="true"><path d="M12 2.5 1.5 11.5h3V21h6v-6h3v6h6v-9.5h3z" fill="${HOME_COLOR}" stroke="#fff" stroke-width="1.6" stroke-linejoin="round"/></svg>`;
