/**
 * RELIABILITY §7 D S4 (error masking): database errors — one forced through a crafted id, one by stopping the
 * pool — reach the client as INTERNAL with a correlation id and nothing else: no stack, no SQL, no table or
 * column name. The server log holds the full error under the same correlation id.
 */
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { bootApp, TestApp } from '../support/app';
import { createAccount } from '../support/factories';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SQL_OR_STACK = /\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|JOIN)\b|syntax|QueryFailed|TypeORM|pg[_-]|postgres|relation "|column "|\bat .*\(|\.ts:\d+|\.js:\d+|stack/i;

interface Masked {
  status: number;
  text: string;
  errors: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

describe('S4: database errors are masked', () => {
  let t: TestApp;
  let token: string;
  let names: string[];
  const logged = jest.spyOn(Logger.prototype, 'error');

  beforeAll(async () => {
    t = await bootApp();
    const a = await createAccount(t.app);
    token = (await t.gql<{ login: { accessToken: string } }>(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { login: a.login, password: a.password } })).data!.login.accessToken;
    // Every table and column name of the schema: none may reach a client.
    const rows: { table_name: string; column_name: string }[] = await t.app.get(DataSource).query(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    names = [...new Set(rows.flatMap((r) => [r.table_name, r.column_name]))].filter((n) => n.length > 3 || n.includes('_'));
  }, 120000);
  afterAll(async () => {
    logged.mockRestore();
    await t?.close().catch(() => undefined);
  });

  async function ask(query: string): Promise<Masked> {
    const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
    const text = await res.text();
    return { status: res.status, text, errors: JSON.parse(text).errors ?? [] };
  }

  function expectMasked(r: Masked, path: string[]): string {
    expect(r.errors).toHaveLength(1);
    const [e] = r.errors;
    expect(Object.keys(e).sort()).toEqual(['extensions', 'message', 'path']);
    expect(e.message).toBe('Internal server error');
    expect(e.path).toEqual(path);
    expect(Object.keys(e.extensions ?? {}).sort()).toEqual(['code', 'correlationId']);
    expect(e.extensions?.code).toBe('INTERNAL');
    expect(e.extensions?.correlationId).toMatch(UUID);
    // What the client can read besides the path it sent: nothing that names SQL, code or the schema.
    const visible = [e.message, ...Object.values(e.extensions ?? {}).map(String), JSON.stringify(JSON.parse(r.text).data ?? null)].join(' ');
    expect(visible).not.toMatch(SQL_OR_STACK);
    const words = new Set(visible.toLowerCase().split(/[^a-z0-9_]+/));
    expect(names.filter((n) => words.has(n.toLowerCase()))).toEqual([]);
    return e.extensions?.correlationId as string;
  }

  function expectLogged(correlationId: string, original: RegExp): void {
    const line = logged.mock.calls.map((c) => String(c[0])).find((m) => m.includes(`[${correlationId}]`));
    expect(line).toBeDefined();
    expect(line).toMatch(original);
  }

  it('a crafted id never reaches PostgreSQL: it is answered like a missing task (taskEvents(taskId: "1; drop"))', async () => {
    const r = await ask(`{ taskEvents(taskId: "1; drop table person") { id } }`);
    expect(r.status).toBe(200);
    expect(r.errors).toEqual([{ message: 'Task not found', path: ['taskEvents'], extensions: { code: 'NOT_FOUND' } }]);
    expect(r.text).not.toMatch(SQL_OR_STACK);
  });

  it('the pool stopped under a running app (DataSource.destroy())', async () => {
    await t.app.get(DataSource).destroy();
    logged.mockClear();
    const r = await ask(`{ me { id login memberships { municipalityCode } } }`);
    const id = expectMasked(r, ['me']);
    expectLogged(id, /Error/);
  });
});
