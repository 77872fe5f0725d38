// type-graphql's auth checker: @Authorized('INVESTIGATOR') fields need that role or a stronger one.
import { GraphQLError } from 'graphql';
import { AuthChecker, getMetadataStorage } from 'type-graphql';
import { isRole, roleAllows } from '../auth/roles';
import { Context } from './context';

/** The role names used in @Authorized(...), as GraphQL-style constants. */
export const VIEWER = 'viewer';
export const INVESTIGATOR = 'investigator';
export const ADMIN = 'admin';

export const authChecker: AuthChecker<Context> = ({ context }, roles) => {
  const needed = roles[0];
  if (!isRole(needed)) throw new Error(`@Authorized needs one role (viewer, investigator or admin), got ${roles}`);
  if (roleAllows(context.asker.role, needed)) return true;
  throw new GraphQLError(`This needs the ${needed} role; the key ${context.asker.keyName} has ${context.asker.role}.`, {
    extensions: { code: 'FORBIDDEN' },
  });
};

/**
 * Every Query and Mutation must say which role it needs: a field without @Authorized would be open to any key,
 * so building the schema fails instead (default deny).
 */
export function assertEveryOperationAuthorized(): void {
  const storage = getMetadataStorage();
  const authorized = new Set(storage.authorizedFields.map((a) => `${a.target.name}.${a.fieldName}`));
  const classes = new Set(storage.authorizedResolver.map((a) => a.target.name));
  const open = [...storage.queries, ...storage.mutations].filter(
    (op) => !authorized.has(`${op.target.name}.${op.methodName}`) && !classes.has(op.target.name),
  );
  if (open.length)
    throw new Error(`no @Authorized role on ${open.map((op) => `${op.target.name}.${op.methodName}`).join(', ')}`);
}
