// auditLog: who looked at which account, when (admins only).
import { Args, ArgsType, Authorized, Ctx, Field, ID, Query, Resolver } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { ADMIN } from './auth-checker';
import { PageArgs } from './connection.type';
import { Context } from './context';
import { pagedRead } from './paged-read';
import { AuditEntry, AuditEntryConnection } from './audit.type';

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only requests made with this key.' })
  @IsOptional()
  @MaxLength(64)
  keyName?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only requests whose answer contained this account.' })
  @IsOptional()
  @MaxLength(200)
  accountId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Requests at or after this time.' })
  @IsOptional()
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Requests at or before this time.' })
  @IsOptional()
  until?: Date | null;
}

@Resolver()
export class AuditResolver {
  @Authorized(ADMIN)
  @Query(() => AuditEntryConnection, {
    description: 'The audit trail, newest first: "who looked at account X last month" is auditLog(accountId, since).',
  })
  auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: Context) {
    return pagedRead(
      ctx.db,
      'audit/list',
      {
        keyName: args.keyName ?? null,
        accountId: args.accountId ?? null,
        since: args.since?.toISOString() ?? null,
        until: args.until?.toISOString() ?? null,
      },
      args,
      ['time', 'string'],
      (n) => n as unknown as AuditEntry,
    );
  }
}
