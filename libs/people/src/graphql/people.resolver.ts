import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ParseUUIDPipe } from '@nestjs/common';
import { Actor, CurrentActor } from '@anpi/access';
import { AppException } from '@anpi/core';
import { PeopleService } from '../people.service';
import { toPersonModel } from './person.mapper';
import { CreatePersonInput, PeopleArgs, UpdatePersonInput } from './person.input';
import { PersonConnectionModel, PersonModel } from './person.model';

@Resolver(() => PersonModel)
export class PeopleResolver {
  constructor(private readonly service: PeopleService) {}

  @Query(() => PersonConnectionModel, { description: 'The roster you may see, highest priority first.' })
  async people(@CurrentActor() actor: Actor, @Args() args: PeopleArgs): Promise<PersonConnectionModel> {
    const page = await this.service.search(actor, args.filter ?? {}, args.first, args.after ?? null);
    return { nodes: page.nodes.map((p) => toPersonModel(p)), endCursor: page.endCursor };
  }

  @Query(() => PersonModel, { description: 'One roster entry; NOT_FOUND when it does not exist or is not yours to see.' })
  async person(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, new ParseUUIDPipe({ exceptionFactory: () => notFound() })) id: string): Promise<PersonModel> {
    return toPersonModel(await this.service.get(actor, id));
  }

  @Mutation(() => PersonModel, { description: 'Adds a person to the roster (municipal staff).' })
  async createPerson(@CurrentActor() actor: Actor, @Args('input') input: CreatePersonInput): Promise<PersonModel> {
    const { municipalityCode, ...fields } = input;
    return toPersonModel(await this.service.create(actor, municipalityCode, fields), null);
  }

  @Mutation(() => PersonModel, { description: 'Changes a roster entry; a stale version is refused with CONFLICT.' })
  async updatePerson(@CurrentActor() actor: Actor, @Args('input') input: UpdatePersonInput): Promise<PersonModel> {
    const { id, version, ...fields } = input;
    const saved = await this.service.update(actor, id, version, fields);
    return toPersonModel(await this.service.get(actor, saved.id));
  }
}

/** A malformed id is answered like a missing one, so ids cannot be probed. */
function notFound(): AppException {
  return AppException.notFound('Person');
}
