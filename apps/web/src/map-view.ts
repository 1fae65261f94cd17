/**
 * The region map: base tiles (when reachable), municipal boundaries and designated shelters.
 * Without tiles the light background and the vector layers still make it readable.
 * Later layers (incident areas, people and their tasks) are added the same way: a layer group,
 * an entry in `overlays()`, colours from colors.ts.
 */
import L from 'leaflet';
import type { ApiClient } from './api';
import { BOUNDARY_STYLE, SHELTER_KIND_COLORS, SHELTER_OPEN_RING } from './colors';
import { escapeHtml, h } from './dom';
import { readableError } from './errors';
import { hazardName, language, shelterKindName, t } from './i18n';
import { showNotice } from './notices';
import { loadRegion, type RegionData } from './region';
import { SHELTER_KINDS, type Municipality, type Shelter, type ShelterKind } from './types';

/** Where the demo region is, shown until the boundaries arrive (between Musashino and Komae). */
const REGION_CENTER: L.LatLngTuple = [35.665, 139.54];

/** What a page built on the region map (the incident map) adds to it. */
export interface MapViewOptions {
  /** Where the region comes from (the incident page falls back to the copy kept on the device). */
  loadRegion?: () => Promise<RegionData>;
  /** Runs once the base map, boundaries and shelters are drawn. */
  onRegion?(map: L.Map, region: RegionData): void;
  /** What to fit while the person has not moved the map (default: the whole region). */
  fitBounds?(): L.LatLngBounds | null;
  /** More overlays for the layer control, after the boundaries (label HTML → layer). */
  overlays?(): [string, L.Layer][];
  /** Accessible name of the map region (default: the region map). */
  label?(): string;
  /** Where the credits go instead of over the map (under it, as on the plan map): a phone keeps the map clear. */
  creditsContainer?: HTMLElement;
}

export class MapView {
  readonly element: HTMLElement;
  private map: L.Map | null = null;
  private layerControl: L.Control.Layers | null = null;
  private boundaries: L.FeatureGroup | null = null;
  private readonly municipalityLayers = new Map<string, { municipality: Municipality; layer: L.Polygon }>();
  private readonly shelterLayers = new Map<ShelterKind, L.LayerGroup>();
  private readonly shelterMarkers: L.CircleMarker[] = [];
  private readonly shelterCounts = new Map<ShelterKind, number>();
  private tilesFailed = false;
  /** Whether the person has panned, zoomed or tapped the map (then it is no longer re-fitted). */
  private touched = false;
  /** True while the map fits itself (those moves are not the person's). */
  private fitting = false;

  constructor(
    private readonly client: ApiClient,
    private readonly options: MapViewOptions = {},
  ) {
    this.element = h('div', { class: 'map', id: 'map', 'data-testid': 'map', role: 'region' });
  }

  /** The Leaflet map (null before mount and after destroy). */
  get leaflet(): L.Map | null {
    return this.map;
  }

  /** Whether the person has moved the map themselves (then it is no longer re-fitted). */
  get moved(): boolean {
    return this.touched;
  }

  /** Fits the default view again (the region, or what the page asks for). */
  refit(): void {
    this.fitRegion();
  }

  /** Creates the Leaflet map; the element must be in the document and have its size. */
  mount(): void {
    // Quarter zoom steps let the region fill a phone screen instead of half of it.
    this.map = L.map(this.element, { center: REGION_CENTER, zoom: 12, zoomSnap: 0.25, zoomDelta: 1, zoomControl: true, attributionControl: true });
    const credits = this.map.attributionControl.getContainer();
    if (credits && this.options.creditsContainer) this.options.creditsContainer.append(credits);
    this.map.on('zoomend', () => this.sizeShelterMarkers());
    for (const type of ['pointerdown', 'wheel', 'keydown'] as const) {
      this.element.addEventListener(type, () => (this.touched = true), { once: true, passive: true });
    }
    // A move the app makes for the person (a tapped cluster, "show on map") counts as theirs too.
    this.map.on('movestart', () => {
      if (!this.fitting) this.touched = true;
    });
    this.relabel();
    void this.load();
  }

  /**
   * Call when the container changed size (a notice appeared, the header wrapped). Until the person has
   * moved the map themselves, the region is fitted again so it keeps filling the screen.
   */
  resize(): void {
    if (!this.map) return;
    this.fitting = true;
    try {
      this.map.invalidateSize({ animate: false });
    } finally {
      this.fitting = false;
    }
    if (!this.touched) this.fitRegion();
  }

  relabel(): void {
    this.element.setAttribute('aria-label', this.options.label?.() ?? t('map.label'));
    for (const { municipality, layer } of this.municipalityLayers.values()) layer.setTooltipContent(this.municipalityName(municipality));
    this.buildLayerControl();
    this.map?.closePopup();
  }

  destroy(): void {
    this.map?.remove();
    this.map = null;
    this.element.remove();
  }

  private async load(): Promise<void> {
    const dismissLoading = showNotice(() => t('map.loading'), 'info', { id: 'map-loading' });
    let region: RegionData;
    try {
      region = await (this.options.loadRegion?.() ?? loadRegion(this.client));
    } catch (e) {
      dismissLoading();
      if (!this.map) return; // signed out meanwhile
      const readable = () => readableError(e);
      showNotice(() => `${t('map.loadFailed')} ${readable().message}`, 'error', {
        id: 'map-load',
        details: readable().details,
        action: { label: () => t('map.retry'), run: () => void this.load() },
      });
      return;
    }
    dismissLoading();
    if (!this.map) return;
    this.showBaseMap(region);
    this.showBoundaries(region.municipalities);
    this.showShelters(region.shelters);
    this.buildLayerControl();
    this.options.onRegion?.(this.map, region);
    this.fitRegion();
  }

  private showBaseMap({ mapSettings }: RegionData): void {
    const map = this.map as L.Map;
    const tiles = L.tileLayer(mapSettings.tileUrl, {
      attribution: mapSettings.tileAttribution,
      minZoom: 5,
      maxZoom: 18,
      className: 'anpi-tiles',
    });
    tiles.on('tileerror', () => {
      if (this.tilesFailed) return;
      this.tilesFailed = true;
      showNotice(() => t('map.tilesUnavailable'), 'info', { id: 'tiles' });
    });
    tiles.addTo(map);
    // Credits required by the boundary (MLIT) and shelter (GSI) data licences: always shown, one per line.
    const lines = mapSettings.dataAttribution.map((line) => `<span class="anpi-data-attribution">${escapeHtml(line)}</span>`);
    if (lines.length > 0) map.attributionControl.addAttribution(lines.join(''));
  }

  private showBoundaries(municipalities: Municipality[]): void {
    const map = this.map as L.Map;
    this.boundaries = L.featureGroup();
    for (const m of municipalities) {
      const latLngs = L.GeoJSON.coordsToLatLngs(m.boundary.coordinates, 2) as L.LatLng[][][];
      const layer = L.polygon(latLngs, { ...BOUNDARY_STYLE, className: 'anpi-boundary', interactive: false });
      // Permanent labels: readable without tiles and on touch screens, where hover tooltips never show.
      layer.bindTooltip(this.municipalityName(m), { permanent: true, direction: 'center', className: 'anpi-municipality-label', opacity: 1 });
      layer.addTo(this.boundaries);
      this.municipalityLayers.set(m.code, { municipality: m, layer });
    }
    this.boundaries.addTo(map);
    this.fitRegion();
  }

  /** Fits the whole region, clear of the attribution lines at the bottom. */
  private fitRegion(): void {
    if (!this.map || !this.boundaries || this.municipalityLayers.size === 0) return;
    const bounds = this.options.fitBounds?.() ?? this.boundaries.getBounds();
    this.fitting = true;
    try {
      this.map.fitBounds(bounds, { paddingTopLeft: [8, 8], paddingBottomRight: [8, this.creditsHeight() + 8], animate: false });
    } finally {
      this.fitting = false;
    }
  }

  private creditsHeight(): number {
    if (this.options.creditsContainer) return 0;
    return this.map?.attributionControl.getContainer()?.offsetHeight ?? 0;
  }

  private showShelters(shelters: Shelter[]): void {
    const map = this.map as L.Map;
    for (const kind of SHELTER_KINDS) {
      this.shelterLayers.set(kind, L.layerGroup());
      this.shelterCounts.set(kind, 0);
    }
    // Popups pan clear of the controls at the top and the credits at the bottom.
    const popupOptions: L.PopupOptions = {
      maxWidth: 280,
      autoPanPaddingTopLeft: [12, 64],
      autoPanPaddingBottomRight: [12, this.creditsHeight() + 12],
    };
    for (const s of shelters) {
      const group = this.shelterLayers.get(s.kind);
      if (!group) continue; // a kind this build does not know yet
      this.shelterCounts.set(s.kind, (this.shelterCounts.get(s.kind) ?? 0) + 1);
      const marker = L.circleMarker([s.lat, s.lng], {
        radius: shelterRadius(map.getZoom()),
        color: s.isOpen ? SHELTER_OPEN_RING : '#ffffff',
        weight: s.isOpen ? 3 : 1.5,
        fillColor: SHELTER_KIND_COLORS[s.kind],
        fillOpacity: 0.95,
        className: `anpi-shelter anpi-shelter-${s.kind.toLowerCase().replace(/_/g, '-')}${s.isOpen ? ' anpi-shelter-open' : ''}`,
      })
        .bindPopup(() => shelterPopup(s), popupOptions)
        .addTo(group);
      this.shelterMarkers.push(marker);
    }
    for (const group of this.shelterLayers.values()) group.addTo(map);
  }

  /** Small dots for the whole region, bigger (easier to tap) when zoomed in to a neighbourhood. */
  private sizeShelterMarkers(): void {
    if (!this.map) return;
    const radius = shelterRadius(this.map.getZoom());
    if (this.shelterMarkers[0]?.getRadius() === radius) return;
    for (const m of this.shelterMarkers) m.setRadius(radius);
  }

  /** Overlay labels carry a colour swatch, so the layer control is also the legend. */
  private buildLayerControl(): void {
    if (!this.map || !this.boundaries) return;
    const overlays: Record<string, L.Layer> = {};
    overlays[layerLabel(t('layer.boundaries'), 'boundary', BOUNDARY_STYLE.color)] = this.boundaries;
    for (const [label, layer] of this.options.overlays?.() ?? []) overlays[label] = layer;
    for (const kind of SHELTER_KINDS) {
      const group = this.shelterLayers.get(kind);
      if (group) overlays[layerLabel(shelterKindName(kind), 'dot', SHELTER_KIND_COLORS[kind], this.shelterCounts.get(kind))] = group;
    }
    this.layerControl?.remove();
    this.layerControl = L.control.layers(undefined, overlays, { collapsed: true, position: 'topright' }).addTo(this.map);
    const container = this.layerControl.getContainer();
    container?.setAttribute('data-testid', 'layer-control');
    const toggle = container?.querySelector<HTMLAnchorElement>('.leaflet-control-layers-toggle');
    if (toggle) {
      toggle.title = t('map.layers');
      toggle.setAttribute('aria-label', t('map.layers'));
    }
  }

  private municipalityName(m: Municipality): string {
    return language() === 'en' ? m.nameEn : m.nameJa;
  }
}

function shelterRadius(zoom: number): number {
  if (zoom < 12) return 4;
  if (zoom < 13) return 5;
  if (zoom < 14) return 6;
  if (zoom < 15) return 7;
  return 9;
}

export function layerLabel(name: string, swatch: 'dot' | 'boundary', color: string, count?: number): string {
  const c = escapeHtml(color);
  const style = swatch === 'dot' ? `background:${c}` : `border-color:${c}`;
  const n = count === undefined ? '' : ` <span class="layer-count">${count}</span>`;
  return `<span class="layer-swatch layer-swatch-${swatch}" style="${style}"></span><span class="layer-name">${escapeHtml(name)}${n}</span>`;
}

function shelterPopup(s: Shelter): HTMLElement {
  const listSep = language() === 'ja' ? '、' : ', ';
  return h(
    'div',
    { class: 'shelter-popup', 'data-testid': 'shelter-popup' },
    h('h3', { lang: 'ja' }, s.nameJa),
    h(
      'p',
      { class: 'shelter-kind' },
      h('span', { class: 'layer-swatch layer-swatch-dot', style: `background:${SHELTER_KIND_COLORS[s.kind]}` }),
      shelterKindName(s.kind),
      ' · ',
      h('span', { class: s.isOpen ? 'shelter-open' : 'shelter-not-open' }, s.isOpen ? t('shelter.open') : t('shelter.notOpen')),
    ),
    h('p', { lang: 'ja' }, s.address),
    s.hazards.length > 0 && h('p', {}, `${t('shelter.hazards')}: ${s.hazards.map(hazardName).join(listSep)}`),
  );
}
