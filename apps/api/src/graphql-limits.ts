/**
 * Limits on what one GraphQL request may ask for, enforced before anything executes (RELIABILITY §1.4, drills S1/S2):
 *
 * - at parse time (`GRAPHQL_PARSE_OPTIONS`): document length and lexical token count. graphql-js checks the
 *   length before it reads the first token and stops lexing at the token limit; Apollo reports both as
 *   GRAPHQL_PARSE_FAILED (HTTP 400).
 * - at validation time (`queryLimitRules()`): depth, aliases, root fields and complexity of every operation,
 *   with named and inline fragments expanded (a fragment spread 50 times counts 50 times; depth hidden in
 *   nested fragments counts). Apollo reports these as GRAPHQL_VALIDATION_FAILED (HTTP 400).
 * - after the operation is chosen (`graphqlLimitsPlugin()`): complexity again, with the request's variable
 *   values, because validation runs once per document (Apollo caches validated documents) and never sees them.
 *
 * Validation rules see only the document and the schema; they must not trust it: fragment cycles are cut here
 * (NoFragmentCyclesRule, in the same pass, reports them) and fragment measurements are memoised, so a
 * "fragment bomb" costs linear time to measure however large its expansion is.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  ASTVisitor,
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLNamedType,
  GraphQLSchema,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  OperationTypeNode,
  ParseOptions,
  SelectionSetNode,
  FieldNode,
  ValidationContext,
  ValidationRule,
  __Schema,
  __Type,
} from 'graphql';

export interface GraphQLLimits {
  /** Fields on the longest path from the operation root, the root field and the leaf included (`{ me { id } }` is 2). */
  maxDepth: number;
  /** Aliased fields per operation, counted after fragment expansion. */
  maxAliases: number;
  /** Distinct response keys at the root of an operation (each is one resolver call and one guard check). */
  maxRootFields: number;
  /** Estimated cost per operation: 1 per field, children of a list field multiplied by its page size. */
  maxComplexity: number;
  /** Page size assumed for a list field without a `first` / `limit` argument (or with a value that is not known). */
  defaultListSize: number;
  /** Lexical tokens per document (punctuators, names, values; comments are not tokens). */
  maxTokens: number;
  /** Characters (UTF-16 code units) per document, comments and whitespace included. */
  maxDocumentLength: number;
}

/**
 * Measured against what clients actually send (see the e2e test): the web client's deepest query is 3 levels
 * (`me { memberships { municipalityCode } }`), its costliest is the region query (606), it uses no aliases
 * and at most 3 root fields.
 * - maxDepth 15: the standard introspection query (`getIntrospectionQuery()`, used by GraphiQL and codegen when
 *   GRAPHQL_INTROSPECTION=true) is exactly 15 deep; drill S5 expects sensitive data within paths of depth 8.
 * - maxAliases 15: graphql-armor's default, and drill S2 wants 16 aliased `person(id:)` rejected.
 * - maxComplexity 5000: graphql-armor's default; allows one list in a list at the default page size (50×50).
 * - maxTokens 4000 / maxDocumentLength 20000: the introspection query is 163 tokens and 1927 characters.
 */
export const GRAPHQL_LIMITS: Readonly<GraphQLLimits> = Object.freeze({
  maxDepth: 15,
  maxAliases: 15,
  maxRootFields: 10,
  maxComplexity: 5000,
  defaultListSize: 50,
  maxTokens: 4000,
  maxDocumentLength: 20000,
});

/** graphql-js parse options that refuse an oversized document before (length) or while (tokens) it is lexed. */
export function limitParseOptions(limits: GraphQLLimits = GRAPHQL_LIMITS): ParseOptions {
  // `maxLexicalTokens` is graphql 16.15's name for `maxTokens` (kept as a deprecated alias); `maxSourceLength`
  // is checked in the Parser constructor, before the first token is read.
  return { maxLexicalTokens: limits.maxTokens, maxSourceLength: limits.maxDocumentLength };
}

/** Apollo Server `parseOptions`. */
export const GRAPHQL_PARSE_OPTIONS: ParseOptions = Object.freeze(limitParseOptions());

export interface OperationMeasurement {
  depth: number;
  aliases: number;
  rootFields: number;
  complexity: number;
}

interface Summary {
  depth: number;
  aliases: number;
  complexity: number;
}

const NOTHING: Summary = Object.freeze({ depth: 0, aliases: 0, complexity: 0 });
const PAGE_SIZE_ARGUMENTS = new Set(['first', 'limit']);

/** Measures one operation; one instance per operation, because variable values (and so costs) are per operation. */
class OperationMeter {
  private readonly fragmentSummaries = new Map<string, Summary>();
  private readonly inProgress = new Set<string>();
  private readonly defaults = new Map<string, unknown>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragment: (name: string) => FragmentDefinitionNode | null | undefined,
    private readonly operation: OperationDefinitionNode,
    private readonly variables: Readonly<Record<string, unknown>> | undefined,
    private readonly defaultListSize: number,
  ) {
    for (const v of operation.variableDefinitions ?? []) {
      if (v.defaultValue?.kind === Kind.INT) this.defaults.set(v.variable.name.value, Number(v.defaultValue.value));
    }
  }

  measure(): OperationMeasurement {
    const root = this.rootType();
    const summary = this.selectionSet(this.operation.selectionSet, root);
    return { ...summary, rootFields: this.rootResponseKeys(this.operation.selectionSet, new Set(), new Set()).size };
  }

  private rootType(): GraphQLNamedType | undefined {
    switch (this.operation.operation) {
      case OperationTypeNode.MUTATION:
        return this.schema.getMutationType() ?? undefined;
      case OperationTypeNode.SUBSCRIPTION:
        return this.schema.getSubscriptionType() ?? undefined;
      default:
        return this.schema.getQueryType() ?? undefined;
    }
  }

  private selectionSet(set: SelectionSetNode, parentType: GraphQLNamedType | undefined): Summary {
    let depth = 0;
    let aliases = 0;
    let complexity = 0;
    for (const selection of set.selections) {
      let s: Summary;
      if (selection.kind === Kind.FIELD) {
        s = this.field(selection, parentType);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parentType;
        s = this.selectionSet(selection.selectionSet, type ?? undefined);
      } else {
        s = this.fragmentSpread(selection.name.value);
      }
      depth = Math.max(depth, s.depth);
      aliases += s.aliases;
      complexity += s.complexity;
    }
    return { depth, aliases, complexity };
  }

  private field(node: FieldNode, parentType: GraphQLNamedType | undefined): Summary {
    const name = node.name.value;
    const ownAlias = node.alias ? 1 : 0;
    if (name === '__typename') return { depth: 1, aliases: ownAlias, complexity: 0 };

    // __schema and __type exist on the query root only; elsewhere they are unknown fields (and rejected as such).
    const meta = parentType !== undefined && parentType === this.schema.getQueryType() && (name === '__schema' || name === '__type');
    let childType: GraphQLNamedType | undefined;
    let isList = false;
    let maxItems: number | undefined;
    if (meta) {
      childType = name === '__schema' ? __Schema : __Type;
    } else if (parentType && (isObjectType(parentType) || isInterfaceType(parentType))) {
      const def = parentType.getFields()[name];
      if (def) {
        childType = getNamedType(def.type);
        isList = isListType(getNullableType(def.type));
        const declared = (def.extensions as { maxItems?: unknown } | undefined)?.maxItems;
        if (typeof declared === 'number') maxItems = declared;
      }
    }
    const children = node.selectionSet ? this.selectionSet(node.selectionSet, childType) : NOTHING;
    // Introspection is answered from the schema in memory: it costs nothing, but its depth and aliases count.
    const complexity = meta ? 0 : 1 + (isList ? this.pageSize(node, maxItems) : 1) * children.complexity;
    return { depth: 1 + children.depth, aliases: ownAlias + children.aliases, complexity };
  }

  /**
   * The `first` / `limit` argument of a list field (literal, or variable value / default); else the
   * field's declared bound (`@Extensions({ maxItems })`, for lists the API itself caps, like a plan's
   * supporters); else the default.
   */
  private pageSize(node: FieldNode, maxItems?: number): number {
    for (const arg of node.arguments ?? []) {
      if (!PAGE_SIZE_ARGUMENTS.has(arg.name.value)) continue;
      let value: unknown;
      if (arg.value.kind === Kind.INT) value = Number(arg.value.value);
      else if (arg.value.kind === Kind.VARIABLE) {
        const name = arg.value.name.value;
        value = this.variables && this.variables[name] != null ? this.variables[name] : this.defaults.get(name);
      }
      // A negative or non-numeric size would lower the estimate; it gets the default instead.
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
    }
    return maxItems ?? this.defaultListSize;
  }

  private fragmentSpread(name: string): Summary {
    const known = this.fragmentSummaries.get(name);
    if (known) return known;
    if (this.inProgress.has(name)) return NOTHING; // a cycle: NoFragmentCyclesRule reports it
    const def = this.fragment(name);
    if (!def) return NOTHING; // unknown fragment: KnownFragmentNamesRule reports it
    this.inProgress.add(name);
    const summary = this.selectionSet(def.selectionSet, this.schema.getType(def.typeCondition.name.value) ?? undefined);
    this.inProgress.delete(name);
    this.fragmentSummaries.set(name, summary);
    return summary;
  }

  /** Response keys (alias or name) selected at the root, through fragments; each fragment walked once. */
  private rootResponseKeys(set: SelectionSetNode, keys: Set<string>, seen: Set<string>): Set<string> {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) keys.add((selection.alias ?? selection.name).value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) this.rootResponseKeys(selection.selectionSet, keys, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const def = this.fragment(selection.name.value);
        if (def) this.rootResponseKeys(def.selectionSet, keys, seen);
      }
    }
    return keys;
  }
}

/**
 * Depth, aliases, root fields and complexity of one operation of `document`. Without `variables`, a variable
 * page size is taken from the variable's default value, else `defaultListSize`.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables?: Readonly<Record<string, unknown>>,
  limits: GraphQLLimits = GRAPHQL_LIMITS,
): OperationMeasurement {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return new OperationMeter(schema, (n) => fragments.get(n), operation, variables, limits.defaultListSize).measure();
}

function label(operation: OperationDefinitionNode): string {
  return operation.name ? `Operation "${operation.name.value}"` : 'Operation';
}

export function complexityMessage(operation: OperationDefinitionNode, complexity: number, limits: GraphQLLimits): string {
  return `${label(operation)} complexity is ${complexity}; the maximum complexity is ${limits.maxComplexity}.`;
}

/** The messages for every limit `m` exceeds (empty when within all limits). */
export function limitViolations(operation: OperationDefinitionNode, m: OperationMeasurement, limits: GraphQLLimits): string[] {
  const out: string[] = [];
  const op = label(operation);
  if (m.depth > limits.maxDepth) out.push(`${op} depth is ${m.depth}; the maximum depth is ${limits.maxDepth}.`);
  if (m.aliases > limits.maxAliases) out.push(`${op} uses ${m.aliases} aliases; the maximum is ${limits.maxAliases} aliases.`);
  if (m.rootFields > limits.maxRootFields) out.push(`${op} selects ${m.rootFields} root fields; the maximum is ${limits.maxRootFields} root fields.`);
  if (m.complexity > limits.maxComplexity) out.push(complexityMessage(operation, m.complexity, limits));
  return out;
}

/**
 * graphql-js validation rules for Apollo Server `validationRules`: each operation over a limit is rejected with a
 * message naming the limit and the measured value. Pass `variables` to measure with known variable values.
 */
export function queryLimitRules(limits: GraphQLLimits = GRAPHQL_LIMITS, variables?: Readonly<Record<string, unknown>>): ValidationRule[] {
  const rule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const meter = new OperationMeter(context.getSchema(), (n) => context.getFragment(n), node, variables, limits.defaultListSize);
      for (const message of limitViolations(node, meter.measure(), limits)) context.reportError(new GraphQLError(message, { nodes: [node] }));
      return false; // measured; this rule need not walk the operation again
    },
  });
  return [rule];
}

/**
 * Re-checks complexity with the request's variable values (`first: $n`), after validation and before execution.
 * Only operations with variables can differ from what validation measured.
 */
export function graphqlLimitsPlugin(limits: GraphQLLimits = GRAPHQL_LIMITS): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation?.variableDefinitions?.length) return;
          const m = measureOperation(schema, document, operation, request.variables ?? {}, limits);
          if (m.complexity > limits.maxComplexity) {
            throw new GraphQLError(complexityMessage(operation, m.complexity, limits), {
              nodes: [operation],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
