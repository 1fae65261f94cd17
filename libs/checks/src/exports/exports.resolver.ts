import { Args, Query, Resolver } from '@nestjs/graphql';
import { Actor, CurrentActor } from '@anpi/access';
import { ExportCountModel, ExportFileModel, IncidentExportArgs, TaskListExportArgs } from './exports.model';
import { ExportsService } from './exports.service';

@Resolver()
export class ExportsResolver {
  constructor(private readonly exports: ExportsService) {}

  @Query(() => ExportFileModel, {
    description:
      'A printable task list for when phones fail (CSV or A4 PDF), sorted by priority then address: MINE (the tasks of myTasks) or POOL. ' +
      'Shows only what the API shows you: people the access policy hides appear as 詳細非表示 with district and approximate location. ' +
      'Every page/file is watermarked with your name, role, organisation, the time (JST) and the incident; the export is logged (see exportCounts).',
  })
  taskListExport(@CurrentActor() actor: Actor, @Args() args: TaskListExportArgs): Promise<ExportFileModel> {
    return this.exports.taskList(actor, { incidentId: args.incidentId, format: args.format, scope: args.scope, poolKey: args.poolKey ?? null });
  }

  @Query(() => [ExportCountModel], { description: 'How many exports each account of your municipalities made for an incident (municipal admins with a second factor; from the audit log).' })
  exportCounts(@CurrentActor() actor: Actor, @Args() args: IncidentExportArgs): Promise<ExportCountModel[]> {
    return this.exports.exportCounts(actor, args.incidentId);
  }

  @Query(() => String, {
    description:
      'PFIF 1.4 XML (http://zesty.ca/pfif/1.4) of checked people of the incident in your municipalities, for public person-finder repositories (municipal admins with a second factor). ' +
      'A person is included only when the access policy lets you read their roster data AND either they explicitly agreed to roster sharing (ROSTER_SHARE_NORMAL = AGREE; ' +
      'presumed-consent or opt-out ordinances do not count for publication) OR disaster disclosure is on, their latest status is information_sought/believed_missing ' +
      '(people unaccounted for, whose names speed the search) and they have not refused. Person: name, kana, sex, age, city, prefecture; record id anpi.<municipality>/<person id>. ' +
      'Notes, one per checked task: SAFE_AT_HOME, HOME_NEEDS_SUPPORT, EVACUATED, NEEDS_HELP, HOSPITALISED → believed_alive; NOT_REACHABLE → information_sought ' +
      '(not found at home is not evidence of being missing); MISSING → believed_missing; DECEASED → believed_dead only when recorded by, and exported by, a role allowed to record it. ' +
      'Never address, phone, birth date, devices, care or plan data, ACP, responders\' names or free-text notes. Dates are UTC (…Z). The export is logged.',
  })
  async pfifExport(@CurrentActor() actor: Actor, @Args() args: IncidentExportArgs): Promise<string> {
    return (await this.exports.pfif(actor, args.incidentId)).xml;
  }
}
