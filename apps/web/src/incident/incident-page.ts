/**
 * The incident map and task list: the start page while an incident is active.
 *
 * - Map: the region map (tiles when reachable, municipal boundaries, shelters with the open ones ringed)
 *   plus the incident's area and its people: server clusters below zoom 14, points in the view's bbox from
 *   zoom 14, re-queried (debounced) when the map stops moving. By default only the people who cannot get
 *   to a shelter; "everyone" on the toggle; filters for my tasks, group, status and priority.
 * - List: the tasks, highest priority first, then nearest; tick from an entry or from a marker's popup.
 * - Live: graphql-ws task changes recolour the marker and the list entry; after a reconnect the view is
 *   fetched again.
 * - Offline: the latest incident, task page and map answer are kept in IndexedDB and shown when the network
 *   is not there; ticks go through the outbox.
 */
import L from 'leaflet';
import { ApiError } from '../api';
import { INCIDENT_AREA_STYLE, TASK_STATUS_COLORS } from '../colors';
import { h, replaceContent } from '../dom';
import { readableError } from '../errors';
import { codeLabel, joinList, t, tf } from '../i18n';
import { layerLabel, MapView } from '../map-view';
import { showNotice } from '../notices';
import { CACHE_KEYS, deviceCache } from '../offline/cache-store';
import { OtherOwnerError } from '../offline/tick-queue';
import type { Page, PageContext } from '../page';
import { loadRegion, type RegionData } from '../region';
import { href } from '../router';
import type { District } from '../types';
import { errorBlock, formatDateTime } from '../ui';
import { IncidentApi } from './incident-api';
import { RESPONDER_GROUPS, TASK_STATUSES, worstStatus, type Incident, type IncidentMapData, type MapPoint, type Task, type TaskChange, type TaskFilter, type TaskStatus } from './incident-types';
import { LiveUpdates, type LiveState } from './live';
import { MyLocation } from './my-location';
import { PeopleLayer } from './people-layer';
import { sortTasks, taskEntry, type TaskEntryContext } from './task-list';
import { groupLabel, incidentHeading, personLabel, statusBadge, taskLocation } from './task-format';
import { openTickSheet, closeTickSheet } from './tick-sheet';

const POINTS_FROM_ZOOM = 14;
const MOVE_DEBOUNCE_MS = 250;
const COORDINATOR_ROLES = new Set(['MUNICIPAL_ADMIN', 'MUNICIPAL_STAFF']);

interface Filters {
  scope: 'cannotReach' | 'everyone';
  mine: boolean;
  group: string | null;
  statuses: Set<TaskStatus>;
  minPriority: number;
}

interface CachedMap {
  zoom: number;
  bbox: [number, number, number, number] | null;
  data: IncidentMapData;
}

export class IncidentPage implements Page {
  readonly layout = 'fill';
  readonly element: HTMLElement;
  private readonly api: IncidentApi;
  private readonly mapView: MapView;
  private readonly people: PeopleLayer;
  private readonly areaLayer = L.featureGroup();
  private readonly location = new MyLocation();
  private live: LiveUpdates | null = null;
  private liveState: LiveState = 'connecting';
  private incident: Incident | null = null;
  private region: RegionData | null = null;
  private filters: Filters;
  private tasks: Task[] = [];
  private readonly taskById = new Map<string, Task>();
  /** Tasks fetched for a popup that are not in the list (other filters, later pages). */
  private readonly extraTasks = new Map<string, Task>();
  private endCursor: string | null = null;
  private listLoading = false;
  private listError: unknown = null;
  private listRequest = 0;
  private listSavedAt: string | null = null;
  private mapRequest = 0;
  private mapKey = '';
  private mapTimer: number | undefined;
  private mapRefreshTimer: number | undefined;
  private mapSavedAt: string | null = null;
  private mapError: unknown = null;
  private generationTimer: number | undefined;
  private dismissGenerating: (() => void) | null = null;
  private readonly districtNames = new Map<string, string>();
  private pendingKey = '';
  private destroyed = false;
  private readonly cleanups: (() => void)[] = [];
  private readonly bar = h('div', { class: 'incident-bar', 'data-testid': 'incident-bar' });
  private readonly controls = h('div', { class: 'incident-controls' });
  /** Credits of the tiles, boundaries and shelters: under the map, not over it. */
  private readonly credits = h('div', { class: 'incident-credits leaflet-container', 'data-testid': 'map-credits' });
  private readonly mapStatus = h('p', { class: 'map-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'map-status' });
  private readonly listPane = h('section', { class: 'incident-list-pane', 'aria-labelledby': 'task-list-title', 'data-testid': 'task-list' });
  private readonly listHead = h('div', { class: 'task-list-head' });
  private readonly list = h('ol', { class: 'task-list' });
  private readonly listFoot = h('div', { class: 'task-list-foot' });
  private readonly filterPanel = h('details', { class: 'filters incident-filters', 'data-testid': 'incident-filters' });

  constructor(
    private readonly ctx: PageContext,
    private readonly incidentId: string,
  ) {
    this.api = new IncidentApi(ctx.client);
    const coordinator = COORDINATOR_ROLES.has(ctx.account.role);
    this.filters = { scope: 'cannotReach', mine: !coordinator, group: null, statuses: new Set(), minPriority: 0 };
    this.people = new PeopleLayer({ popup: (p) => this.popup(p), visible: (p) => this.pointVisible(p) });
    this.mapView = new MapView(ctx.client, {
      loadRegion: () => this.loadRegion(),
      onRegion: (map, region) => this.onRegion(map, region),
      fitBounds: () => (this.areaLayer.getLayers().length ? this.areaLayer.getBounds() : null),
      overlays: () => [
        [layerLabel(t('incidentMap.area'), 'boundary', INCIDENT_AREA_STYLE.color), this.areaLayer],
        [layerLabel(t('incidentMap.people'), 'dot', TASK_STATUS_COLORS.NEEDS_HELP), this.people.layer],
      ],
      label: () => t('incidentMap.label'),
      creditsContainer: this.credits,
    });
    this.listPane.append(this.listHead, this.list, this.listFoot);
    this.element = h(
      'div',
      { class: 'incident-page', 'data-testid': 'incident-page' },
      this.bar,
      this.controls,
      h('div', { class: 'incident-body' }, h('div', { class: 'incident-map-column' }, h('div', { class: 'incident-map-pane' }, this.mapView.element, this.mapStatus), this.credits), this.listPane),
    );
    this.renderBar();
    this.renderControls();
    this.renderList();
  }

  title(): string {
    return this.incident ? `${this.incident.isDrill ? `【${t('incident.drill')}】` : ''}${this.incident.title}` : t('page.incident');
  }

  mounted(): void {
    this.mapView.mount();
    const map = this.mapView.leaflet;
    if (map) {
      this.people.attach(map);
      map.on('moveend', () => this.scheduleMapLoad());
    }
    this.cleanups.push(
      this.ctx.ticks.onChange((s) => {
        // Only when what is waiting changed (not for every "sending…" blink).
        const key = [...s.pending, ...s.rejected].map((i) => `${i.clientEventId}:${i.rejected ? 'x' : ''}`).join(',');
        if (key === this.pendingKey) return;
        this.pendingKey = key;
        this.renderList();
      }),
      this.ctx.ticks.onDelivered((_item, result) => this.onDelivered(result.task, result.event.flags)),
      this.location.onChange(() => this.renderList()),
    );
    void this.location.startIfGranted();
    void this.start();
  }

  relabel(): void {
    this.mapView.relabel();
    this.renderBar();
    this.renderControls();
    this.renderList();
    this.renderMapStatus();
  }

  resize(): void {
    this.mapView.resize();
  }

  destroy(): void {
    this.destroyed = true;
    closeTickSheet();
    window.clearTimeout(this.mapTimer);
    window.clearTimeout(this.mapRefreshTimer);
    window.clearTimeout(this.generationTimer);
    for (const fn of this.cleanups.splice(0)) fn();
    this.live?.stop();
    this.location.stop();
    this.mapView.destroy();
    this.element.remove();
  }

  /* ---------------------------------------------------------------- loading */

  private async start(): Promise<void> {
    // What the device kept first (instant, and all there is offline), then the network.
    const [incident, tasks, map] = await Promise.all([
      deviceCache.get<Incident>(CACHE_KEYS.incident(this.incidentId)),
      deviceCache.get<{ filterKey: string; nodes: Task[]; endCursor: string | null }>(CACHE_KEYS.tasks(this.incidentId)),
      this.keptMap(Math.floor(this.mapView.leaflet?.getZoom() ?? 0) >= POINTS_FROM_ZOOM ? 'POINTS' : 'CLUSTERS'),
    ]);
    if (this.destroyed) return;
    if (incident && !this.incident) this.setIncident(incident.value);
    // The people as last seen, at once (marked with their time) until the server's answer replaces them.
    if (map && !this.people.current) {
      this.people.render(map.value.data);
      this.mapSavedAt = map.savedAt;
      this.renderMapStatus();
    }
    if (tasks && this.tasks.length === 0 && tasks.value.filterKey === this.filterKey()) {
      this.setTasks(tasks.value.nodes, tasks.value.endCursor);
      this.listSavedAt = tasks.savedAt;
      this.renderList();
    }
    void this.loadDistricts();
    await this.loadIncident();
    if (this.destroyed) return;
    void this.loadTasks(false);
    this.live = new LiveUpdates(this.ctx.session, this.incidentId, {
      onTaskChanged: (c) => this.onTaskChanged(c),
      onReconnected: () => this.refetchView(),
      onState: (s) => {
        this.liveState = s;
        this.renderLiveState();
      },
    });
    this.live.start();
  }

  private async loadIncident(): Promise<void> {
    try {
      const incident = await this.api.incident(this.incidentId);
      if (this.destroyed) return;
      this.setIncident(incident);
      void deviceCache.put(CACHE_KEYS.incident(this.incidentId), incident);
      if (incident.generationStatus !== 'DONE' && incident.status === 'ACTIVE') {
        this.dismissGenerating ??= showNotice(() => t('incident.generating'), 'info', { id: 'generating' });
        this.generationTimer = window.setTimeout(() => void this.loadIncident().then(() => this.refetchView()), 2000);
      } else {
        this.dismissGenerating?.();
        this.dismissGenerating = null;
      }
    } catch (e) {
      if (this.destroyed) return;
      if (!this.incident) {
        const readable = () => readableError(e);
        showNotice(() => `${t('common.loadFailed')} ${readable().message}`, 'error', {
          id: 'incident-load',
          details: readable().details,
          action: { label: () => t('common.retry'), run: () => void this.loadIncident() },
        });
      }
    }
  }

  private setIncident(incident: Incident): void {
    const first = this.incident === null;
    this.incident = incident;
    document.title = `${this.title()} – ${t('app.name')}`;
    this.renderBar();
    if (this.region) {
      this.drawArea();
      if (first) this.scheduleMapLoad(0);
    }
  }

  /** Region from the network, kept on the device; the kept copy when offline. */
  private async loadRegion(): Promise<RegionData> {
    try {
      const region = await loadRegion(this.ctx.client);
      void deviceCache.put(CACHE_KEYS.region, region);
      return region;
    } catch (e) {
      const cached = await deviceCache.get<RegionData>(CACHE_KEYS.region);
      if (cached && isNetwork(e)) return cached.value;
      throw e;
    }
  }

  private onRegion(map: L.Map, region: RegionData): void {
    this.region = region;
    this.drawArea();
    this.areaLayer.addTo(map);
    this.people.layer.addTo(map);
    this.areaLayer.bringToFront();
    this.scheduleMapLoad(0);
  }

  /** The incident area: whole municipalities by their boundary, drawn polygons as GeoJSON. */
  private drawArea(): void {
    if (!this.incident || !this.region) return;
    this.areaLayer.clearLayers();
    for (const part of this.incident.area) {
      if (part.municipalityCode && !part.geometry) {
        const m = this.region.municipalities.find((x) => x.code === part.municipalityCode);
        if (m) L.geoJSON(m.boundary, { style: { ...INCIDENT_AREA_STYLE }, interactive: false, className: 'anpi-incident-area' } as L.GeoJSONOptions).addTo(this.areaLayer);
      } else if (part.geometry) {
        L.geoJSON(part.geometry, { style: { ...INCIDENT_AREA_STYLE }, interactive: false, className: 'anpi-incident-area' } as L.GeoJSONOptions).addTo(this.areaLayer);
      }
    }
    if (!this.mapView.moved) this.mapView.refit();
  }

  private async loadDistricts(): Promise<void> {
    try {
      const { memberships } = await this.ctx.data.scopeInfo();
      const codes = [...new Set(memberships.map((m) => m.municipalityCode))];
      const list = (await Promise.all(codes.map((c) => this.ctx.data.districts(c)))).flat();
      void deviceCache.put(CACHE_KEYS.districts, list);
      this.setDistricts(list);
    } catch {
      // Offline: the names kept on the device, if any (else the entries say only "details hidden").
      const kept = await deviceCache.get<District[]>(CACHE_KEYS.districts);
      if (kept) this.setDistricts(kept.value);
    }
  }

  private setDistricts(list: District[]): void {
    for (const d of list) this.districtNames.set(d.code, d.nameJa);
    if (!this.destroyed) this.renderList();
  }

  private filterKey(): string {
    const f = this.taskFilter();
    return JSON.stringify([f.mine ?? false, f.groups ?? [], f.statuses ?? [], f.minPriority ?? 0]);
  }

  private taskFilter(): TaskFilter {
    return {
      mine: this.filters.mine || undefined,
      groups: this.filters.group ? [this.filters.group] : undefined,
      statuses: this.filters.statuses.size ? [...this.filters.statuses] : undefined,
      minPriority: this.filters.minPriority || undefined,
    };
  }

  private async loadTasks(more: boolean): Promise<void> {
    const id = ++this.listRequest;
    this.listLoading = true;
    this.listError = null;
    this.renderList();
    const filterKey = this.filterKey();
    try {
      const page = await this.api.tasks(this.incidentId, this.taskFilter(), more ? this.endCursor : null);
      if (id !== this.listRequest || this.destroyed) return;
      const nodes = more ? [...this.tasks, ...page.nodes] : page.nodes;
      this.setTasks(nodes, page.endCursor);
      this.listSavedAt = null;
      if (!more) void deviceCache.put(CACHE_KEYS.tasks(this.incidentId), { filterKey, nodes: page.nodes, endCursor: page.endCursor });
      if (this.filters.mine || this.filters.group) this.people.refilter();
    } catch (e) {
      if (id !== this.listRequest || this.destroyed) return;
      if (isNetwork(e) && !more) {
        const kept = await deviceCache.get<{ filterKey: string; nodes: Task[]; endCursor: string | null }>(CACHE_KEYS.tasks(this.incidentId));
        if (kept && kept.value.filterKey === filterKey) {
          this.setTasks(kept.value.nodes, kept.value.endCursor);
          this.listSavedAt = kept.savedAt;
        } else this.listError = e;
      } else this.listError = e;
    } finally {
      if (id === this.listRequest) {
        this.listLoading = false;
        if (!this.destroyed) this.renderList();
      }
    }
  }

  private setTasks(nodes: Task[], endCursor: string | null): void {
    this.tasks = nodes;
    this.endCursor = endCursor;
    this.taskById.clear();
    for (const task of nodes) this.taskById.set(task.id, task);
  }

  private task(id: string): Task | undefined {
    return this.taskById.get(id) ?? this.extraTasks.get(id);
  }

  /* ---------------------------------------------------------------- map */

  private scheduleMapLoad(delay = MOVE_DEBOUNCE_MS): void {
    // An immediate load already pending stays (the query reads the view when it runs); moves debounce.
    if (this.mapImmediatePending) return;
    window.clearTimeout(this.mapTimer);
    this.mapImmediatePending = delay === 0;
    this.mapTimer = window.setTimeout(() => {
      this.mapImmediatePending = false;
      void this.loadMap(false);
    }, delay);
  }

  private mapImmediatePending = false;

  private viewQuery(): { zoom: number; bbox: [number, number, number, number] | null; key: string } | null {
    const map = this.mapView.leaflet;
    if (!map) return null;
    const zoom = Math.floor(map.getZoom());
    // Clusters are counted on the server, so they are filtered there: a new filter is a new question.
    if (zoom < POINTS_FROM_ZOOM) return { zoom, bbox: null, key: `C${zoom}:${this.filterKey()}` };
    // A margin around the view, so a small pan needs no new request.
    const b = map.getBounds().pad(0.25);
    const bbox: [number, number, number, number] = [round6(b.getWest()), round6(b.getSouth()), round6(b.getEast()), round6(b.getNorth())];
    return { zoom, bbox, key: `P${bbox.join(',')}` };
  }

  private async loadMap(force: boolean): Promise<void> {
    const q = this.viewQuery();
    if (!q || !this.incident) return;
    if (!force && this.coversView(q)) return;
    const id = ++this.mapRequest;
    try {
      // Points come unfiltered and are filtered here (live updates and the list can then show or hide them).
      const data = await this.api.map(this.incidentId, q.zoom, q.bbox, q.bbox ? {} : this.taskFilter());
      if (id !== this.mapRequest || this.destroyed) return;
      this.mapKey = q.key;
      this.mapBbox = q.bbox;
      this.mapError = null;
      this.mapSavedAt = null;
      this.people.render(data);
      void deviceCache.put<CachedMap>(CACHE_KEYS.map(this.incidentId, data.mode), { zoom: q.zoom, bbox: q.bbox, data });
    } catch (e) {
      if (id !== this.mapRequest || this.destroyed) return;
      this.mapError = e;
      if (!this.people.current) {
        // Never a blank map: what the device kept, whatever its zoom.
        const kept = await this.keptMap(q.bbox ? 'POINTS' : 'CLUSTERS');
        if (kept && !this.people.current) {
          this.people.render(kept.value.data);
          this.mapSavedAt = kept.savedAt;
        }
      }
      if (!isNetwork(e)) {
        const readable = () => readableError(e);
        showNotice(() => `${t('incidentMap.loadFailed')} ${readable().message}`, 'error', {
          id: 'incident-map',
          details: readable().details,
          action: { label: () => t('map.retry'), run: () => void this.loadMap(true) },
        });
      }
    }
    this.renderMapStatus();
  }

  private mapBbox: [number, number, number, number] | null = null;

  /** The kept answer of the mode the view wants, else of the other mode. */
  private async keptMap(mode: 'CLUSTERS' | 'POINTS'): Promise<{ value: CachedMap; savedAt: string } | null> {
    const other = mode === 'POINTS' ? 'CLUSTERS' : 'POINTS';
    return (await deviceCache.get<CachedMap>(CACHE_KEYS.map(this.incidentId, mode))) ?? (await deviceCache.get<CachedMap>(CACHE_KEYS.map(this.incidentId, other)));
  }

  /** Whether the answer on screen already covers the view (same cluster zoom, or a bbox around it). */
  private coversView(q: { zoom: number; bbox: [number, number, number, number] | null; key: string }): boolean {
    if (!this.people.current || this.mapError || this.mapSavedAt) return false;
    if (q.bbox === null) return this.mapKey === q.key;
    const map = this.mapView.leaflet;
    const had = this.mapBbox;
    if (!map || !had || this.people.mode !== 'POINTS' || this.people.current.truncated) return false;
    const v = map.getBounds();
    return v.getWest() >= had[0] && v.getSouth() >= had[1] && v.getEast() <= had[2] && v.getNorth() <= had[3];
  }

  private pointVisible(p: MapPoint): boolean {
    const f = this.filters;
    if (f.scope === 'cannotReach' && !p.cannotReachShelter) return false;
    if (f.statuses.size && !f.statuses.has(p.status)) return false;
    if (f.minPriority && p.priority < f.minPriority) return false;
    // Group and "mine" are properties of tasks: the points whose tasks the (filtered) list holds.
    if (f.mine || f.group) return p.taskIds.some((id) => this.taskById.has(id));
    return true;
  }

  private renderMapStatus(): void {
    const parts: string[] = [];
    const mode = this.people.mode;
    if (mode === 'CLUSTERS') parts.push(t('incidentMap.clustersHint'));
    else if (mode === 'POINTS') parts.push(tf('incidentMap.shown', { n: this.people.count }));
    if (this.people.current?.truncated) parts.push(t('incidentMap.truncated'));
    if (this.mapSavedAt) parts.push(tf('incidentMap.cached', { time: formatDateTime(this.mapSavedAt) }));
    else if (this.mapError && isNetwork(this.mapError)) parts.push(t('sync.offline'));
    this.mapStatus.textContent = parts.join(' ');
    this.mapStatus.hidden = parts.length === 0;
    this.mapStatus.dataset.mode = mode ?? '';
  }

  /** Debounced re-query of the view after live changes it cannot apply by itself (clusters, shared people). */
  private scheduleMapRefresh(): void {
    window.clearTimeout(this.mapRefreshTimer);
    this.mapRefreshTimer = window.setTimeout(() => void this.loadMap(true), 800);
  }

  private refetchView(): void {
    void this.loadTasks(false);
    void this.loadMap(true);
  }

  /* ---------------------------------------------------------------- live */

  private onTaskChanged(c: TaskChange): void {
    const task = this.task(c.taskId);
    if (task && c.statusVersion >= task.statusVersion) {
      const claimChanged = task.claimedBy !== c.claimedBy;
      task.status = c.status;
      task.statusVersion = c.statusVersion;
      task.needsReview = c.needsReview;
      task.claimedBy = c.claimedBy;
      if (claimChanged) {
        // The name comes with the change; the task itself (claim expiry) is fetched again.
        task.claimedByName = c.claimedByName ?? null;
        if (c.claimedBy && c.claimedBy !== this.ctx.account.accountId) void this.refreshTask(c.taskId);
      }
      this.renderEntry(task);
    }
    const applied = this.people.applyStatus(c.taskId, c.status, (p) => {
      const known = p.taskIds.map((id) => (id === c.taskId ? c.status : this.task(id)?.status));
      return known.every((s): s is TaskStatus => s !== undefined) ? worstStatus(known) : null;
    });
    if (!applied || this.people.mode === 'CLUSTERS') this.scheduleMapRefresh();
    this.renderMapStatus();
  }

  private async refreshTask(id: string): Promise<void> {
    try {
      const fresh = await this.api.task(id);
      if (!this.destroyed) this.replaceTask(fresh);
    } catch {
      /* the entry keeps "someone else is on it" */
    }
  }

  private replaceTask(fresh: Task): void {
    if (this.taskById.has(fresh.id)) {
      this.taskById.set(fresh.id, fresh);
      this.tasks = this.tasks.map((x) => (x.id === fresh.id ? fresh : x));
    } else this.extraTasks.set(fresh.id, fresh);
    this.renderEntry(fresh);
  }

  private onDelivered(task: Task, flags: string[]): void {
    if (task.incidentId !== this.incidentId || this.destroyed) return;
    this.replaceTask(task);
    this.people.applyStatus(task.id, task.status, (p) => {
      const known = p.taskIds.map((id) => (id === task.id ? task.status : this.task(id)?.status));
      return known.every((s): s is TaskStatus => s !== undefined) ? worstStatus(known) : null;
    });
    if (flags.includes('NOT_ASSIGNED_AT_RECEIPT')) showNotice(() => t('tick.flagged'), 'info', { id: `flagged-${task.id}` });
  }

  /* ---------------------------------------------------------------- actions */

  private tick(task: Task): void {
    const who = personLabel(task, (c) => this.districtName(c));
    void openTickSheet({
      who,
      detail: groupLabel(task.responderGroup),
      role: this.ctx.account.role,
      drill: task.isDrill,
      onChoose: async (outcome, note) => {
        const at = this.location.position;
        try {
          await this.ctx.ticks.record({ taskId: task.id, outcome, note, lat: at?.lat ?? null, lng: at?.lng ?? null });
        } catch (e) {
          if (e instanceof OtherOwnerError) showNotice(() => t('tick.otherOwner'), 'error', { id: 'tick-owner' });
          else showNotice(() => readableError(e).message, 'error', { id: 'tick-failed' });
          return;
        }
        const offline = navigator.onLine === false;
        const dismiss = showNotice(() => tf(offline ? 'tick.queued' : 'tick.recorded', { outcome: codeLabel('taskStatus', outcome) }), 'info', { id: 'tick-done' });
        window.setTimeout(dismiss, 4000);
        // Shown at once on this device (marked "waiting to send" until the server confirms).
        this.people.applyStatus(task.id, outcome, (p) => {
          const known = p.taskIds.map((id) => (id === task.id ? outcome : this.task(id)?.status));
          return known.every((s): s is TaskStatus => s !== undefined) ? worstStatus(known) : null;
        });
        this.renderEntry(task);
      },
    });
  }

  private async claim(task: Task, release: boolean): Promise<void> {
    try {
      const fresh = release ? await this.api.release(task.id) : await this.api.claim(task.id);
      this.replaceTask(fresh);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        showNotice(() => t('taskList.claimConflict'), 'error', { id: 'claim' });
        void this.refreshTask(task.id);
      } else {
        const readable = () => readableError(e);
        showNotice(() => readable().message, 'error', { id: 'claim', details: readable().details });
      }
    }
  }

  private showOnMap(task: Task): void {
    this.mapView.element.scrollIntoView({ block: 'nearest' });
    this.people.focusTask(task.id, taskLocation(task));
  }

  private districtName(code: string | null): string | null {
    return code ? (this.districtNames.get(code) ?? code) : null;
  }

  /* ---------------------------------------------------------------- rendering */

  /** Row 1: the incident (drills marked) and the filters; a drill also gets a banner. */
  private renderBar(): void {
    const i = this.incident;
    replaceContent(
      this.bar,
      h('h2', { class: 'incident-title', 'data-testid': 'incident-title' }, ...(i ? incidentHeading(i) : [t('page.incident')])),
      this.filterPanel,
      i?.isDrill ? h('p', { class: 'drill-banner', 'data-testid': 'drill-banner' }, t('incident.drillBanner')) : null,
    );
    this.renderLiveState();
  }

  /** Row 2: whom the map shows (the default: people who cannot reach a shelter), the live state, links. */
  private renderControls(): void {
    const f = this.filters;
    const scope = (value: Filters['scope'], label: string, testId: string) => {
      const input = h('input', { type: 'radio', name: 'incident-scope', id: `scope-${value}`, value, class: 'segment-input', 'data-testid': testId });
      input.checked = f.scope === value;
      input.addEventListener('change', () => {
        this.filters.scope = value;
        this.people.refilter();
        this.renderMapStatus();
      });
      return h('span', { class: 'segment' }, input, h('label', { for: `scope-${value}` }, label));
    };
    const segmented = h(
      'fieldset',
      { class: 'segmented', 'data-testid': 'scope-toggle' },
      h('legend', { class: 'visually-hidden' }, t('incidentMap.showWhom')),
      scope('cannotReach', t('incidentMap.cannotReach'), 'scope-cannot-reach'),
      scope('everyone', t('incidentMap.everyone'), 'scope-everyone'),
    );
    this.renderFilterPanel();
    replaceContent(this.controls, segmented, this.liveElement, ...this.links('wide-only'));
    this.renderLiveState();
  }

  private readonly liveElement = h('span', { class: 'live-state', 'data-testid': 'live-state', role: 'status' });

  private renderLiveState(): void {
    const labels = { connecting: 'live.connecting', live: 'live.connected', reconnecting: 'live.reconnecting', offline: 'live.offline' } as const;
    this.liveElement.className = `live-state live-${this.liveState}`;
    this.liveElement.dataset.state = this.liveState;
    this.liveElement.title = t('incident.liveLabel');
    this.liveElement.textContent = t(labels[this.liveState]);
  }

  /** 別の災害を選ぶ, and the dashboard for coordinators. */
  private links(cls: string): HTMLElement[] {
    const coordinator = COORDINATOR_ROLES.has(this.ctx.account.role);
    return [
      h('a', { class: `button button-small ${cls}`, href: href({ name: 'incidents' }), 'data-testid': 'incident-switch' }, t('incident.switch')),
      ...(coordinator ? [h('a', { class: `button button-small ${cls}`, href: href({ name: 'dashboard', incidentId: this.incidentId }), 'data-testid': 'to-dashboard' }, t('incident.toDashboard'))] : []),
    ];
  }

  private activeFilterCount(): number {
    const f = this.filters;
    return (f.mine ? 1 : 0) + (f.group ? 1 : 0) + (f.statuses.size ? 1 : 0) + (f.minPriority ? 1 : 0);
  }

  private renderFilterPanel(): void {
    const f = this.filters;
    const wasOpen = this.filterPanel.open;
    const changed = () => {
      this.renderFilterSummary();
      this.people.refilter();
      this.renderMapStatus();
      void this.loadTasks(false);
      if (this.people.mode === 'CLUSTERS') void this.loadMap(false);
    };
    const mine = h('input', { type: 'checkbox', id: 'filter-mine', 'data-testid': 'filter-mine' });
    mine.checked = f.mine;
    mine.addEventListener('change', () => {
      f.mine = mine.checked;
      changed();
    });
    const group = h('select', { id: 'filter-group', 'data-testid': 'filter-group' }, h('option', { value: '' }, t('filter.allGroups')), ...RESPONDER_GROUPS.map((g) => h('option', { value: g }, groupLabel(g))));
    group.value = f.group ?? '';
    group.addEventListener('change', () => {
      f.group = group.value || null;
      changed();
    });
    const priority = h(
      'select',
      { id: 'filter-priority', 'data-testid': 'filter-priority' },
      h('option', { value: '0' }, t('filter.priorityAll')),
      h('option', { value: '35' }, t('filter.priorityMid')),
      h('option', { value: '60' }, t('filter.priorityHigh')),
    );
    priority.value = String(f.minPriority);
    priority.addEventListener('change', () => {
      f.minPriority = Number(priority.value);
      changed();
    });
    const chips = TASK_STATUSES.map((s) => {
      const id = `filter-status-${s}`;
      const box = h('input', { type: 'checkbox', id, class: 'chip-input', value: s, 'data-testid': id });
      box.checked = f.statuses.has(s);
      box.addEventListener('change', () => {
        if (box.checked) f.statuses.add(s);
        else f.statuses.delete(s);
        changed();
      });
      return h('span', { class: 'chip' }, box, h('label', { for: id }, statusBadge(s)));
    });
    const clear = h('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'filter-clear' }, t('filter.clear'));
    clear.addEventListener('click', () => {
      this.filters = { ...this.filters, mine: false, group: null, statuses: new Set(), minPriority: 0 };
      this.renderFilterPanel();
      this.filterPanel.open = true;
      changed();
    });
    const close = h('button', { type: 'button', class: 'button button-primary' }, t('filter.done'));
    close.addEventListener('click', () => (this.filterPanel.open = false));
    replaceContent(
      this.filterPanel,
      h('summary', { class: 'button button-secondary', 'data-testid': 'filter-toggle' }),
      h(
        'div',
        { class: 'filters-body' },
        h('div', { class: 'check' }, mine, h('label', { for: 'filter-mine' }, t('filter.mine'))),
        h('div', { class: 'field' }, h('label', { for: 'filter-group' }, t('filter.group')), group),
        h('fieldset', { class: 'chips' }, h('legend', {}, t('filter.status')), ...chips),
        h('div', { class: 'field' }, h('label', { for: 'filter-priority' }, t('filter.priority')), priority),
        h(
          'div',
          { class: 'legend-block' },
          h('p', {}, t('incidentMap.priorityShapes')),
          h('p', {}, t('incidentMap.openShelterRing')),
        ),
        h('div', { class: 'actions' }, clear, close),
        h('div', { class: 'actions filter-links' }, ...this.links('')),
      ),
    );
    this.filterPanel.open = wasOpen;
    this.renderFilterSummary();
  }

  private renderFilterSummary(): void {
    const summary = this.filterPanel.querySelector('summary');
    const n = this.activeFilterCount();
    if (summary) summary.textContent = n ? tf('filter.titleActive', { n }) : t('filter.title');
  }

  private entryContext(): TaskEntryContext {
    return {
      myAccountId: this.ctx.account.accountId,
      position: this.location.position,
      districtName: (c) => this.districtName(c),
      pending: (id) => this.ctx.ticks.pendingFor(id),
      cannotReach: (id) => this.people.pointOf(id)?.cannotReachShelter ?? null,
      onTick: (task) => this.tick(task),
      onClaim: (task) => void this.claim(task, false),
      onRelease: (task) => void this.claim(task, true),
      onShowOnMap: (task) => this.showOnMap(task),
    };
  }

  private renderEntry(task: Task): void {
    const old = this.list.querySelector(`[data-task-id="${CSS.escape(task.id)}"]`);
    if (old) old.replaceWith(taskEntry(task, this.entryContext()));
  }

  private renderList(): void {
    const position = this.location.position;
    const sortNote = position ? t('taskList.sortPriorityDistance') : t('taskList.sortPriority');
    const locate =
      !position && this.location.state !== 'denied' && this.location.state !== 'unavailable'
        ? h('button', { type: 'button', class: 'button button-small', 'data-testid': 'use-location' }, t('taskList.useLocation'))
        : null;
    locate?.addEventListener('click', () => this.location.request());
    const count = this.endCursor ? tf('taskList.countMore', { n: this.tasks.length }) : tf('taskList.count', { n: this.tasks.length });
    replaceContent(
      this.listHead,
      h('h2', { class: 'task-list-title', id: 'task-list-title' }, t('taskList.title'), ' ', h('span', { class: 'task-count', 'data-testid': 'task-count' }, count)),
      h('p', { class: 'task-sort' }, sortNote, locate ? ' ' : '', locate),
      this.location.state === 'denied' ? h('p', { class: 'muted' }, t('taskList.locationDenied')) : null,
      this.listSavedAt ? h('p', { class: 'notice-inline', 'data-testid': 'list-cached' }, tf('incidentMap.cached', { time: formatDateTime(this.listSavedAt) })) : null,
    );
    const ctx = this.entryContext();
    const entries = sortTasks(this.tasks, position).map((task) => taskEntry(task, ctx));
    this.list.replaceChildren(...entries);
    const more = this.endCursor && !this.listLoading ? h('button', { type: 'button', class: 'button button-secondary button-wide', 'data-testid': 'task-more' }, t('taskList.more')) : null;
    more?.addEventListener('click', () => void this.loadTasks(true));
    replaceContent(
      this.listFoot,
      this.listLoading ? h('p', { class: 'page-status', role: 'status' }, t('common.loading')) : null,
      this.listError ? errorBlock(this.listError, () => void this.loadTasks(false)) : null,
      !this.listLoading && !this.listError && this.tasks.length === 0 ? h('p', { class: 'empty' }, t('taskList.empty')) : null,
      more,
    );
  }

  /** A marker's popup: who (as far as shown), why they cannot reach a shelter, and their tasks to tick. */
  private popup(p: MapPoint): HTMLElement {
    const body = h('div', { class: 'person-popup', 'data-testid': 'person-popup' });
    const render = () => {
      const tasks = p.taskIds.map((id) => this.task(id));
      const known = tasks.filter((x): x is Task => x !== undefined);
      const person = known.find((x) => x.person)?.person ?? null;
      const rows = p.taskIds.map((id) => {
        const task = this.task(id);
        if (!task) return h('li', { class: 'popup-task' }, t('common.loading'));
        const pending = this.ctx.ticks.pendingFor(task.id);
        const tick = h('button', { type: 'button', class: 'button button-primary', 'data-testid': 'popup-tick' }, t('taskList.tick'));
        tick.addEventListener('click', () => this.tick(task));
        return h(
          'li',
          { class: 'popup-task', 'data-task-id': task.id },
          h('p', { class: 'popup-task-head' }, statusBadge(pending ? (pending.outcome as TaskStatus) : task.status), ' ', groupLabel(task.responderGroup)),
          task.claimedBy && task.claimedBy !== this.ctx.account.accountId
            ? h('p', { class: 'task-claim task-claim-other' }, task.claimedByName ? tf('taskList.claimedBy', { name: task.claimedByName }) : t('taskList.claimedBySomeone'))
            : null,
          tick,
        );
      });
      const first = known[0];
      replaceContent(
        body,
        h('h3', {}, person ? person.name : first ? personLabel(first, (c) => this.districtName(c)) : t('taskList.hidden')),
        person ? h('p', { lang: 'ja' }, person.address) : p.approximate ? h('p', { class: 'muted' }, t('incidentMap.approximate')) : null,
        person?.phone ? h('p', {}, h('a', { href: `tel:${person.phone.replace(/[^0-9+]/g, '')}` }, `☎ ${person.phone}`)) : null,
        p.cannotReachReasons.length > 0
          ? h('p', { class: 'popup-reasons' }, `${t('incidentMap.reasons')}: ${joinList(p.cannotReachReasons.map((r) => codeLabel('cannotReach', r)))}`)
          : null,
        h('ul', { class: 'popup-tasks' }, ...rows),
      );
    };
    render();
    const missing = p.taskIds.filter((id) => !this.task(id));
    if (missing.length) {
      void Promise.all(missing.map((id) => this.api.task(id).then((x) => this.extraTasks.set(id, x)).catch(() => undefined))).then(() => {
        if (!this.destroyed) render();
      });
    }
    return body;
  }
}

function isNetwork(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'NETWORK';
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
