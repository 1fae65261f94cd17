import { writeFileSync } from 'node:fs';
import { printedSchema } from '../../apps/api/src/main';
import { bootApp, TestApp } from '../support/app';

describe('scratch', () => {
  let t: TestApp;
  it('dumps', async () => {
    const t0 = Date.now();
    t = await bootApp({ DEMO_DATA: 'true' });
    console.log('boot ms', Date.now() - t0);
    writeFileSync('/tmp/live-schema.gql', printedSchema(t.app));
    await t.close();
  }, 120000);
});
