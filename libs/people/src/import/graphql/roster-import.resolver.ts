import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor, CurrentActor } from '@anpi/access';
import { RosterImportService } from '../roster-import.service';
import { ImportRosterInput, RosterImportMappingArgs, SaveRosterImportMappingInput, importFileOf } from './roster-import.input';
import { toRosterImportMappingModel } from './roster-import.mapper';
import { RosterImportMappingModel, RosterImportReportModel } from './roster-import.model';

@Resolver()
export class RosterImportResolver {
  constructor(private readonly service: RosterImportService) {}

  @Mutation(() => RosterImportReportModel, {
    description:
      'Imports a roster CSV (municipal staff of that municipality). Every row is checked with the createPerson rules; people are matched by external id, ' +
      'so a re-import updates them. The file is applied in one transaction, or not at all; a dry run writes nothing. Files over ~1.4 MB: POST /import/roster.',
  })
  importRoster(@CurrentActor() actor: Actor, @Args('input') input: ImportRosterInput): Promise<RosterImportReportModel> {
    const { municipalityCode, encoding, dryRun, applyValidRows } = input;
    return this.service.importRoster(actor, { municipalityCode, encoding, dryRun, applyValidRows, ...importFileOf(input) });
  }

  @Query(() => RosterImportMappingModel, { nullable: true, description: "The municipality's saved column mapping for roster imports; null when none is saved (the default headers apply)." })
  async rosterImportMapping(@CurrentActor() actor: Actor, @Args() args: RosterImportMappingArgs): Promise<RosterImportMappingModel | null> {
    const saved = await this.service.mapping(actor, args.municipalityCode);
    return saved && toRosterImportMappingModel(saved);
  }

  @Mutation(() => RosterImportMappingModel, { description: "Saves (replaces) the municipality's column mapping for roster imports." })
  async saveRosterImportMapping(@CurrentActor() actor: Actor, @Args('input') input: SaveRosterImportMappingInput): Promise<RosterImportMappingModel> {
    return toRosterImportMappingModel(await this.service.saveMapping(actor, input.municipalityCode, input.columns));
  }
}
