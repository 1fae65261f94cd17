import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlertError, normaliseIntensity, parseCapAlert, parseJmaIntensityReport } from './alerts';
import { parseXml } from './xml';

const fixture = (f: string) => readFileSync(join(__dirname, '../../../test/fixtures/alerts', f), 'utf8');

describe(parseJmaIntensityReport.name, () => {
  it('proposes the municipalities at or above the chosen intensity, counting 震度５弱以上未入電 as affected', () => {
    const p = parseJmaIntensityReport(fixture('vxse53-komae.xml'), '5-');
    expect(p).toMatchObject({ source: 'JMA', sourceRef: 'JMA:20261127030812', kind: 'EARTHQUAKE', isDrill: false, cancellation: false });
    expect(p.municipalityCodes).toEqual(['13206', '13208', '13219']);
    expect(p.unreportedAtLeast5Lower).toEqual(['13208']);
    expect(parseJmaIntensityReport(fixture('vxse53-komae.xml'), '6-').municipalityCodes).toEqual(['13219']);
    expect(parseJmaIntensityReport(fixture('vxse53-komae.xml'), '4').municipalityCodes).toEqual(['13204', '13206', '13208', '13219']);
  });

  it('turns 訓練 into a drill and 取消 into a cancellation', () => {
    expect(parseJmaIntensityReport(fixture('vxse53-drill.xml'), '5-')).toMatchObject({ isDrill: true, title: expect.stringContaining('訓練') });
    expect(parseJmaIntensityReport(fixture('vxse53-cancel.xml'), '5-')).toMatchObject({ cancellation: true, sourceRef: 'JMA:20261127030812' });
  });

  it.each([
    ['not-jma.xml', /seismic-intensity report/],
    ['cap-flood-polygon.xml', /not a JMA/],
  ])('refuses %s', (f, message) => {
    expect(() => parseJmaIntensityReport(fixture(f), '5-')).toThrow(message);
  });

  it('refuses malformed XML and DOCTYPEs (no entity expansion)', () => {
    expect(() => parseJmaIntensityReport('<Report><Control></Report>', '5-')).toThrow(/well-formed/);
    expect(() => parseJmaIntensityReport('<!DOCTYPE x [<!ENTITY a "aaaa">]><Report/>', '5-')).toThrow(/DOCTYPE/);
    expect(() => parseJmaIntensityReport(fixture('vxse53-komae.xml'), '7')).toThrow(AlertError);
  });

  it.each([['5+', '5+'], ['５強', '5+'], ['5弱', '5-'], ['7', '7'], ['8', null]])('reads intensity %s as %s', (v, expected) => {
    expect(normaliseIntensity(v)).toBe(expected);
  });
});

describe(parseCapAlert.name, () => {
  it('reads polygons (lat,lon → GeoJSON lon,lat) and JIS geocodes', () => {
    const p = parseCapAlert(fixture('cap-flood-polygon.xml'));
    expect(p).toMatchObject({ source: 'CAP', sourceRef: 'CAP:anpi-test-cap-0001', kind: 'FLOOD', municipalityCodes: ['13219'] });
    expect(p.polygons[0].coordinates[0][0]).toEqual([139.56, 35.62]);
  });

  it('refuses an alert without area', () => {
    expect(() => parseCapAlert(fixture('cap-no-area.xml'))).toThrow(/no area/);
  });

  it('parses nested elements, attributes, entities and CDATA', () => {
    const x = parseXml('<?xml version="1.0"?><a k="v&amp;w"><b>x &lt; y</b><c><![CDATA[<raw>]]></c><d/></a>');
    expect(x).toMatchObject({ name: 'a', attrs: { k: 'v&w' }, children: [{ name: 'b', text: 'x < y' }, { name: 'c', text: '<raw>' }, { name: 'd' }] });
  });
});
