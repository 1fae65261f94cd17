import { FieldProblem } from '@anpi/core';
import { child, children, parseXml, textOf, XmlElement, XmlError } from './xml';

/** JMA seismic intensity classes (震度階級) in order. */
export const INTENSITIES = ['1', '2', '3', '4', '5-', '5+', '6-', '6+', '7'] as const;
export type Intensity = (typeof INTENSITIES)[number];

/** What an alert proposes: never declares by itself; a municipal officer confirms. */
export interface AlertProposal {
  source: 'JMA' | 'CAP';
  /** JMA EventID or CAP identifier: an alert declares at most once. */
  sourceRef: string;
  kind: 'EARTHQUAKE' | 'FLOOD' | 'LANDSLIDE' | 'TYPHOON' | 'OTHER';
  title: string;
  /** 訓練 / Exercise: becomes a drill incident. */
  isDrill: boolean;
  /** 取消 / Cancel: the earlier alert is withdrawn. */
  cancellation: boolean;
  municipalityCodes: string[];
  /** GeoJSON Polygons (CAP areas). */
  polygons: { type: 'Polygon'; coordinates: [number, number][][] }[];
  /** Municipalities reported as 震度５弱以上未入電 (at least 5- but not yet received), counted as affected. */
  unreportedAtLeast5Lower: string[];
  headline: string | null;
}

export class AlertError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

function fail(field: string, message: string): never {
  throw new AlertError([{ field, message }]);
}

const FULLWIDTH = (s: string) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** Reads a JMA 震度 value: "5+", "5強", "５弱" → the canonical class. */
export function normaliseIntensity(v: string): Intensity | null {
  const s = FULLWIDTH(v).replace('弱', '-').replace('強', '+').trim();
  return (INTENSITIES as readonly string[]).includes(s) ? (s as Intensity) : null;
}

function atLeast(v: Intensity, min: Intensity): boolean {
  return INTENSITIES.indexOf(v) >= INTENSITIES.indexOf(min);
}

/**
 * JMA 震源・震度に関する情報 (VXSE53) and 震度速報 (VXSE51): the municipalities (JIS five-digit codes,
 * from the seven-digit 市町村コード) whose maximum intensity is at least `min`, plus every
 * municipality with the condition 震度５弱以上未入電 when `min` ≤ 5-.
 */
export function parseJmaIntensityReport(xml: string, min: Intensity, field = 'input.xml'): AlertProposal {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    fail(field, `is not well-formed XML (${(e as XmlError).message})`);
  }
  if (root.name !== 'Report') fail(field, 'is not a JMA disaster-information XML report (root element Report expected)');
  const control = child(root, 'Control');
  const head = child(root, 'Head');
  const body = child(root, 'Body');
  const title = textOf(control, 'Title') ?? '';
  if (!/震度/.test(title)) fail(field, `is a JMA "${title || 'unknown'}" report; a seismic-intensity report (震度速報 or 震源・震度に関する情報) is needed`);
  const eventId = textOf(head, 'EventID');
  if (!eventId) fail(field, 'has no Head/EventID');
  const status = textOf(control, 'Status') ?? '通常';
  if (status === '試験') fail(field, 'is a JMA test message (Status 試験); it declares nothing');
  const infoType = textOf(head, 'InfoType') ?? '発表';
  const observation = child(child(body, 'Intensity'), 'Observation');
  const codes = new Set<string>();
  const unreported = new Set<string>();
  for (const pref of children(observation, 'Pref')) {
    for (const area of children(pref, 'Area')) {
      for (const city of children(area, 'City')) {
        const code7 = textOf(city, 'Code') ?? '';
        const code = code7.slice(0, 5);
        if (!/^\d{5}$/.test(code)) continue;
        const max = normaliseIntensity(textOf(city, 'MaxInt') ?? '');
        const condition = textOf(city, 'Condition') ?? '';
        if (max && atLeast(max, min)) codes.add(code);
        if (/震度５弱以上未入電|震度5弱以上未入電/.test(condition) && atLeast('5-', min)) {
          codes.add(code);
          unreported.add(code);
        }
      }
    }
  }
  const headline = textOf(child(head, 'Headline'), 'Text') ?? null;
  if (infoType !== '取消' && codes.size === 0) fail(field, `reports no municipality at intensity ${min} or above`);
  return {
    source: 'JMA',
    sourceRef: `JMA:${eventId}`,
    kind: 'EARTHQUAKE',
    title: `${textOf(head, 'Title') ?? title}${status === '訓練' ? '（訓練）' : ''}`,
    isDrill: status === '訓練',
    cancellation: infoType === '取消',
    municipalityCodes: [...codes].sort(),
    polygons: [],
    unreportedAtLeast5Lower: [...unreported].sort(),
    headline,
  };
}

const CAP_KIND: [RegExp, AlertProposal['kind']][] = [
  [/earthquake|地震/i, 'EARTHQUAKE'],
  [/flood|洪水|浸水|大雨|氾濫/i, 'FLOOD'],
  [/landslide|土砂/i, 'LANDSLIDE'],
  [/typhoon|台風/i, 'TYPHOON'],
];

/**
 * OASIS CAP 1.2: areas as polygons ("lat,lon" pairs, first = last) and/or geocodes whose value is a
 * JIS municipality code (five digits, or six with a check digit). An alert without any area is refused.
 */
export function parseCapAlert(xml: string, field = 'input.xml'): AlertProposal {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    fail(field, `is not well-formed XML (${(e as XmlError).message})`);
  }
  if (root.name !== 'alert') fail(field, 'is not an OASIS CAP alert (root element alert expected)');
  const identifier = textOf(root, 'identifier');
  if (!identifier) fail(field, 'has no identifier');
  const status = textOf(root, 'status') ?? '';
  if (['Test', 'Draft', 'System'].includes(status)) fail(field, `has status ${status}; it declares nothing`);
  const msgType = textOf(root, 'msgType') ?? 'Alert';
  const infos = children(root, 'info');
  const codes = new Set<string>();
  const polygons: AlertProposal['polygons'] = [];
  let event = '';
  let headline: string | null = null;
  infos.forEach((info, ii) => {
    event ||= textOf(info, 'event') ?? '';
    headline ??= textOf(info, 'headline') ?? null;
    children(info, 'area').forEach((area, ai) => {
      children(area, 'polygon').forEach((poly, pi) => {
        const pts = poly.text.trim().split(/\s+/).map((pair) => pair.split(',').map(Number));
        if (pts.some((p) => p.length !== 2 || p.some((n) => !Number.isFinite(n)))) fail(`${field}.info.${ii}.area.${ai}.polygon.${pi}`, 'must be "lat,lon" pairs separated by spaces');
        polygons.push({ type: 'Polygon', coordinates: [pts.map(([lat, lon]) => [lon, lat] as [number, number])] });
      });
      for (const g of children(area, 'geocode')) {
        const value = (textOf(g, 'value') ?? '').trim();
        if (/^\d{5,6}$/.test(value)) codes.add(value.slice(0, 5));
      }
    });
  });
  if (msgType !== 'Cancel' && codes.size === 0 && polygons.length === 0) fail(field, 'has no area (neither polygon nor a municipality geocode); nothing to declare');
  return {
    source: 'CAP',
    sourceRef: `CAP:${identifier}`,
    kind: CAP_KIND.find(([re]) => re.test(event))?.[1] ?? 'OTHER',
    title: `${event || 'CAP alert'}${status === 'Exercise' ? '（訓練）' : ''}`,
    isDrill: status === 'Exercise',
    cancellation: msgType === 'Cancel',
    municipalityCodes: [...codes].sort(),
    polygons,
    unreportedAtLeast5Lower: [],
    headline,
  };
}
