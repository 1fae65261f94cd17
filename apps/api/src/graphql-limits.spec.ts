import { ApolloServer } from '@apollo/server';
import { buildSchema, DocumentNode, getIntrospectionQuery, Kind, OperationDefinitionNode, parse, specifiedRules, validate } from 'graphql';
import { GRAPHQL_LIMITS, GRAPHQL_PARSE_OPTIONS, graphqlLimitsPlugin, measureOperation, queryLimitRules } from './graphql-limits';

const TYPE_DEFS = `
  type Query {
    me: Account!
    node(id: ID!): Person
    people(first: Int, limit: Int): [Person!]!
  }
  type Account { id: ID! login: String! memberships: [Membership!]! }
  type Membership { municipalityCode: String! }
  type Person {
    id: ID!
    name: String!
    parent: Person
    friends(first: Int): [Person!]!
    tags: [String!]!
  }
`;
const schema = buildSchema(TYPE_DEFS);

/** Standard rules plus ours, as Apollo runs them. */
function check(query: string, variables?: Record<string, unknown>): string[] {
  return validate(schema, parse(query, GRAPHQL_PARSE_OPTIONS), [...specifiedRules, ...queryLimitRules(GRAPHQL_LIMITS, variables)]).map((e) => e.message);
}

function measure(query: string, variables?: Record<string, unknown>) {
  const doc: DocumentNode = parse(query);
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  return measureOperation(schema, doc, op, variables);
}

/** `node(id: 1) { parent { parent { … { id } } } }`, `depth` fields deep. */
function parentChain(depth: number): string {
  const parents = depth - 2;
  return `{ node(id: 1) { ${'parent { '.repeat(parents)}id${' }'.repeat(parents)} } }`;
}

/** A chain of named fragments, each one `parent` deeper, `depth` fields deep in all. */
function namedFragmentChain(depth: number): string {
  const levels = depth - 2; // node(…) and the leaf
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Person { parent { ${i === levels - 1 ? 'id' : `...F${i + 1}`} } }`);
  return `query Deep { node(id: 1) { ...F0 } } ${fragments.join(' ')}`;
}

const { maxDepth, maxAliases, maxComplexity, maxRootFields, maxTokens, maxDocumentLength } = GRAPHQL_LIMITS;

describe('GraphQL query limits', () => {
  it('chooses limits the real clients and the introspection query fit in', () => {
    expect(GRAPHQL_LIMITS).toEqual({ maxDepth: 15, maxAliases: 15, maxRootFields: 10, maxComplexity: 5000, defaultListSize: 50, maxTokens: 4000, maxDocumentLength: 20000 });
    const introspection = getIntrospectionQuery();
    expect(measure(introspection)).toEqual({ depth: 15, aliases: 0, rootFields: 1, complexity: 0 });
    expect(check(introspection)).toEqual([]);
  });

  describe('depth', () => {
    it('rejects a query 20 levels deep, naming the limit and the depth', () => {
      expect(check(parentChain(20))).toEqual([`Operation depth is 20; the maximum depth is ${maxDepth}.`]);
    });

    it('accepts a query exactly at the limit and rejects one level more', () => {
      expect(check(parentChain(maxDepth))).toEqual([]);
      expect(check(parentChain(maxDepth + 1))).toEqual([`Operation depth is ${maxDepth + 1}; the maximum depth is ${maxDepth}.`]);
    });

    it('counts depth hidden in nested named fragments', () => {
      expect(check(namedFragmentChain(maxDepth))).toEqual([]);
      expect(check(namedFragmentChain(maxDepth + 1))).toEqual([`Operation "Deep" depth is ${maxDepth + 1}; the maximum depth is ${maxDepth}.`]);
    });

    it('counts depth hidden in inline fragments, with and without a type condition', () => {
      const levels = maxDepth - 1; // node(…) and the leaf make maxDepth + 1
      const query = `{ node(id: 1) { ${Array.from({ length: levels }, (_, i) => (i % 2 ? '... on Person { parent { ' : '... { parent { ')).join('')}id${' } }'.repeat(levels)} } }`;
      expect(measure(query).depth).toBe(maxDepth + 1);
      expect(check(query)).toEqual([`Operation depth is ${maxDepth + 1}; the maximum depth is ${maxDepth}.`]);
    });

    it('counts introspection fields, and a fragment named __schema hides nothing (graphql-armor PR #823)', () => {
      const ofTypes = maxDepth - 1; // __type(…) and the leaf make maxDepth + 1
      const query = `{ ...__schema } fragment __schema on Query { __type(name: "Person") { ${'ofType { '.repeat(ofTypes)}name${' }'.repeat(ofTypes)} } }`;
      expect(check(query)).toEqual([`Operation depth is ${maxDepth + 1}; the maximum depth is ${maxDepth}.`]);
    });

    it('counts depth through fields the schema does not know (they are rejected as well)', () => {
      const query = `{ me { ${'x { '.repeat(18)}y${' }'.repeat(18)} } }`;
      const errors = check(query);
      expect(errors).toContain(`Operation depth is 20; the maximum depth is ${maxDepth}.`);
      expect(errors).toContain('Cannot query field "x" on type "Account".');
    });
  });

  describe('aliases and root fields', () => {
    it('rejects 100 aliases of one field', () => {
      const query = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
      const errors = check(query);
      expect(errors).toContain(`Operation uses 100 aliases; the maximum is ${maxAliases} aliases.`);
      expect(errors).toContain(`Operation selects 100 root fields; the maximum is ${maxRootFields} root fields.`);
    });

    it('counts nested aliases, and allows exactly the limit', () => {
      const aliases = (n: number) => `{ me { ${Array.from({ length: n }, (_, i) => `a${i}: id`).join(' ')} } }`;
      expect(check(aliases(maxAliases))).toEqual([]);
      expect(check(aliases(maxAliases + 1))).toEqual([`Operation uses ${maxAliases + 1} aliases; the maximum is ${maxAliases} aliases.`]);
    });

    it('counts distinct root fields, through fragments', () => {
      const keys = (n: number) => Array.from({ length: n }, (_, i) => `r${i}: me { id }`);
      expect(check(`{ ...R } fragment R on Query { ${keys(maxRootFields).join(' ')} }`)).toEqual([]);
      const over = keys(maxRootFields + 1);
      expect(check(`{ ${over[0]} ... on Query { ${over.slice(1).join(' ')} } }`)).toEqual([
        `Operation selects ${maxRootFields + 1} root fields; the maximum is ${maxRootFields} root fields.`,
      ]);
    });
  });

  describe('fragments are expanded', () => {
    it('counts a fragment spread many times once per spread (aliases)', () => {
      const spreads = (n: number) => `{ me { ${'...Two '.repeat(n)}} } fragment Two on Account { a: id b: login }`;
      expect(measure(spreads(5)).aliases).toBe(10);
      expect(check(spreads(5))).toEqual([]);
      expect(check(spreads(10))).toEqual([`Operation uses 20 aliases; the maximum is ${maxAliases} aliases.`]);
    });

    it('counts a fragment spread many times once per spread (complexity)', () => {
      const spreads = (n: number) => `{ people { ${'...P '.repeat(n)}} } fragment P on Person { id name }`;
      expect(measure(spreads(1)).complexity).toBe(101); // 1 + 50 × 2
      expect(check(spreads(50))).toEqual([`Operation complexity is 5001; the maximum complexity is ${maxComplexity}.`]);
    });

    it('measures a fragment bomb in linear time instead of expanding it', () => {
      // F0 spreads F1 ten times, F1 spreads F2 ten times, …: 10^11 aliased fields once expanded.
      const levels = 12;
      const fragments = Array.from({ length: levels }, (_, i) =>
        i === levels - 1 ? `fragment F${i} on Account { x: id }` : `fragment F${i} on Account { ${`...F${i + 1} `.repeat(10)}}`,
      );
      const query = `{ me { ...F0 } } ${fragments.join(' ')}`;
      const started = Date.now();
      const errors = validate(schema, parse(query, GRAPHQL_PARSE_OPTIONS), queryLimitRules()).map((e) => e.message);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(errors).toEqual([`Operation uses ${1e11} aliases; the maximum is ${maxAliases} aliases.`, `Operation complexity is ${1 + 1e11}; the maximum complexity is ${maxComplexity}.`]);
    });

    it('neither hangs nor crashes on a fragment cycle, which the standard rule reports', () => {
      const cycle = `{ me { ...A } } fragment A on Account { id ...B } fragment B on Account { login ...A }`;
      expect(check(cycle)).toEqual(['Cannot spread fragment "A" within itself via "B".']);
      expect(validate(schema, parse(cycle), queryLimitRules())).toEqual([]);
      const self = `{ node(id: 1) { ...S } } fragment S on Person { parent { ...S } }`;
      expect(check(self)).toEqual(['Cannot spread fragment "S" within itself.']);
    });
  });

  describe('complexity', () => {
    it('multiplies a list inside a list by its first argument', () => {
      expect(measure(`{ node(id: 1) { friends(first: 500) { id } } }`).complexity).toBe(502); // 1 + (1 + 500 × 1)
      expect(check(`{ people(first: 10) { friends(first: 500) { id } } }`)).toEqual([`Operation complexity is 5011; the maximum complexity is ${maxComplexity}.`]); // 1 + 10 × (1 + 500)
      expect(check(`{ people(limit: 10) { friends(first: 400) { id } } }`)).toEqual([]); // 1 + 10 × (1 + 400) = 4011
    });

    it('assumes 50 for a list without a page size, and costs leaf lists and __typename like scalars', () => {
      expect(measure(`{ people { friends { id } } }`).complexity).toBe(1 + 50 * (1 + 50));
      expect(measure(`{ people { friends { id __typename } tags } }`).complexity).toBe(1 + 50 * (1 + 50 + 1));
      expect(check(`{ people { friends { id __typename } tags } }`)).toEqual([]);
      expect(check(`{ people { friends { friends { id } } } }`)).toEqual([`Operation complexity is 127551; the maximum complexity is ${maxComplexity}.`]); // 1 + 50 × (1 + 50 × (1 + 50))
    });

    it('does not let a negative page size lower the estimate', () => {
      expect(measure(`{ people(first: -1000) { id } }`).complexity).toBe(51);
    });

    it('takes a variable page size from the variable values, else its default, else 50', () => {
      const query = `query($n: Int) { people(first: 10) { friends(first: $n) { id } } }`;
      expect(check(query)).toEqual([]); // unknown at validation: 1 + 10 × 51
      expect(check(query, { n: 500 })).toEqual([`Operation complexity is 5011; the maximum complexity is ${maxComplexity}.`]);
      expect(check(`query($n: Int = 500) { people(first: 10) { friends(first: $n) { id } } }`)).toEqual([
        `Operation complexity is 5011; the maximum complexity is ${maxComplexity}.`,
      ]);
    });

    it('lets introspection cost nothing', () => {
      expect(measure(`{ __schema { types { fields { type { name } } } } }`).complexity).toBe(0);
    });
  });

  describe('parse options', () => {
    it('refuses a 5000-token document while parsing, and allows one under the limit', () => {
      const doc = (tokens: number) => `{ me { ${'id '.repeat(tokens - 5)}} }`; // { me { … } } is 5 tokens
      expect(() => parse(doc(5000), GRAPHQL_PARSE_OPTIONS)).toThrow(new RegExp(`Document contains more th[ae][nt] ${maxTokens} tokens`));
      expect(() => parse(doc(5000))).not.toThrow();
      expect(() => parse(doc(maxTokens), GRAPHQL_PARSE_OPTIONS)).not.toThrow();
    });

    it('refuses a document longer than the limit before reading a token', () => {
      const long = `# ${'x'.repeat(maxDocumentLength)}\n{ me { id } }`;
      expect(() => parse(long, GRAPHQL_PARSE_OPTIONS)).toThrow(`Source contains more than ${maxDocumentLength} UTF-16 code units`);
      // Even a document that would not lex is refused for its length first.
      expect(() => parse(`"${'x'.repeat(maxDocumentLength)}`, GRAPHQL_PARSE_OPTIONS)).toThrow(`Source contains more than ${maxDocumentLength}`);
      expect(() => parse(`# ${'x'.repeat(maxDocumentLength - 20)}\n{ me { id } }`, GRAPHQL_PARSE_OPTIONS)).not.toThrow();
    });
  });

  describe('in Apollo Server 5', () => {
    let server: ApolloServer;
    let resolverCalls = 0;
    const person = () => {
      resolverCalls++;
      return { id: '1', name: 'A', parent: null, friends: [], tags: [] };
    };

    beforeAll(async () => {
      server = new ApolloServer({
        typeDefs: TYPE_DEFS,
        resolvers: { Query: { me: () => (resolverCalls++, { id: '1', login: 'a', memberships: [] }), node: person, people: () => [person()] } },
        validationRules: queryLimitRules(),
        parseOptions: GRAPHQL_PARSE_OPTIONS,
        plugins: [graphqlLimitsPlugin()],
      });
      await server.start();
    });
    afterAll(() => server.stop());

    async function run(query: string, variables?: Record<string, unknown>) {
      const res = await server.executeOperation({ query, variables });
      if (res.body.kind !== 'single') throw new Error('expected a single result');
      return { status: res.http.status, errors: res.body.singleResult.errors, data: res.body.singleResult.data };
    }

    beforeEach(() => {
      resolverCalls = 0;
    });

    it('rejects over-limit operations at validation, with a 400 and no resolver call', async () => {
      for (const [query, message] of [
        [parentChain(20), `Operation depth is 20; the maximum depth is ${maxDepth}.`],
        [namedFragmentChain(maxDepth + 1), `Operation "Deep" depth is ${maxDepth + 1}; the maximum depth is ${maxDepth}.`],
        [`{ people(first: 10) { friends(first: 500) { id } } }`, `Operation complexity is 5011; the maximum complexity is ${maxComplexity}.`],
      ]) {
        const r = await run(query);
        expect(r.status).toBe(400);
        expect(r.errors).toEqual([expect.objectContaining({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
      }
      expect(resolverCalls).toBe(0);
    });

    it('rejects an oversized document at parse time', async () => {
      const r = await run(`{ me { ${'id '.repeat(5000)}} }`);
      expect(r.status).toBe(400);
      expect(r.errors?.[0]).toMatchObject({ message: expect.stringMatching(/4000 tokens/), extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
      const long = await run(`# ${'x'.repeat(maxDocumentLength)}\n{ me { id } }`);
      expect(long.errors?.[0]).toMatchObject({ message: expect.stringMatching(/more than 20000 UTF-16 code units/), extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
      expect(resolverCalls).toBe(0);
    });

    it('re-checks complexity with the variable values of the request, before any resolver runs', async () => {
      const query = `query Friends($n: Int) { people(first: 10) { friends(first: $n) { id } } }`;
      const rejected = await run(query, { n: 500 });
      expect(rejected.status).toBe(400);
      expect(rejected.errors).toEqual([
        expect.objectContaining({ message: `Operation "Friends" complexity is 5011; the maximum complexity is ${maxComplexity}.`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      ]);
      expect(resolverCalls).toBe(0);
      const accepted = await run(query, { n: 20 });
      expect(accepted.errors).toBeUndefined();
      expect(accepted.data).toEqual({ people: [{ friends: [] }] });
      expect(resolverCalls).toBe(1);
    });

    it('runs an operation within the limits', async () => {
      const r = await run(parentChain(maxDepth));
      expect(r.errors).toBeUndefined();
      expect(resolverCalls).toBe(1);
    });
  });
});

describe('declared list bounds', () => {
  it('uses a field\'s maxItems extension instead of the default page size', () => {
    const bounded = buildSchema(`type Item { id: ID! } type Query { items: [Item!]! capped: [Item!]! }`);
    bounded.getQueryType()!.getFields().capped.extensions = { maxItems: 3 };
    const measureIn = (query: string) => {
      const doc = parse(query);
      return measureOperation(bounded, doc, doc.definitions[0] as OperationDefinitionNode).complexity;
    };
    expect(measureIn(`{ items { id } }`)).toBe(1 + GRAPHQL_LIMITS.defaultListSize);
    expect(measureIn(`{ capped { id } }`)).toBe(1 + 3);
  });
});
