// A validation rule after graphql-armor's cost limit: on-demand detectors cost a share of the budget each, added to
// the cost armor counted for the fields the request selects, so that aliases and fragments cannot run more of them in
// one request than the per-request budget allows, and two of them cannot carry a selection that fills the rest.
import { ASTVisitor, FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode, ValidationContext } from 'graphql';

export interface ExpensiveFieldOptions {
  /** Root Query fields and what each call costs. */
  costs: Record<string, number>;
  /** The request's budget (graphql-armor's maxCost). */
  maxCost: number;
  /** What graphql-armor's cost limit counted for the operation being validated (its onAccept), 0 when unknown. */
  selectedCost?: (context: ValidationContext) => number;
}

export function expensiveFieldsRule(options: ExpensiveFieldOptions) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    // Root selections only: the detectors are Query fields, reached directly, through aliases or (inline) fragments.
    const costOf = (set: SelectionSetNode, seen: Set<string>): number => {
      let cost = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) cost += options.costs[s.name.value] ?? 0;
        else if (s.kind === Kind.INLINE_FRAGMENT) cost += costOf(s.selectionSet, seen);
        else if (!seen.has(s.name.value)) {
          const f = fragments.get(s.name.value);
          if (f) cost += costOf(f.selectionSet, new Set([...seen, s.name.value]));
        }
      }
      return cost;
    };
    return {
      OperationDefinition(node) {
        if (node.operation !== 'query') return;
        const detection = costOf(node.selectionSet, new Set());
        if (detection === 0) return;
        const selected = Math.ceil(options.selectedCost?.(context) ?? 0);
        const cost = detection + selected;
        if (cost > options.maxCost)
          context.reportError(
            new GraphQLError(
              `This request asks for more on-demand detection than one request may run (cost ${cost}: ${detection} ` +
                `for its on-demand detectors and ${selected} for the fields it selects; limit ${options.maxCost}); split it.`,
              { nodes: [node], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
            ),
          );
      },
    };
  };
}
