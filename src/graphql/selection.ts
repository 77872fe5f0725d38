// What a query asks for below a field, so resolvers can skip reading what nobody will see.
import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

/** True when any field called `name` is selected anywhere below the current field (fragments included). */
export function selects(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set &&
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === name || visit(s.selectionSet);
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.selectionSet);
      return visit(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((f) => visit(f.selectionSet));
}
