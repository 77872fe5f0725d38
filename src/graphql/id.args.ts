// The `id` argument of every single-object query.
import { ArgsType, Field, ID } from 'type-graphql';
import { IsNotEmpty, MaxLength } from 'class-validator';

@ArgsType()
export class IdArgs {
  @Field(() => ID)
  @IsNotEmpty()
  @MaxLength(200)
  id!: string;
}
