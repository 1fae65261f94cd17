import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUUID, Matches } from 'class-validator';

export enum ExportFormat {
  CSV = 'CSV',
  PDF = 'PDF',
}

export enum TaskListScope {
  /** The same tasks as myTasks: named to me, claimed by me, or open in my pools. */
  MINE = 'MINE',
  /** The open (not named) tasks of one pool, e.g. a district's welfare-volunteer pool. */
  POOL = 'POOL',
}

registerEnumType(ExportFormat, { name: 'ExportFormat', description: 'CSV (UTF-8 with BOM, for Excel) or PDF (A4 portrait, Japanese).' });
registerEnumType(TaskListScope, {
  name: 'TaskListScope',
  description: 'MINE: the tasks of myTasks. POOL: the open tasks of one pool (poolKey, or your own pools when omitted).',
});

@ArgsType()
export class TaskListExportArgs {
  @Field(() => ID)
  @IsUUID()
  incidentId!: string;

  @Field(() => ExportFormat)
  @IsEnum(ExportFormat)
  format!: ExportFormat;

  @Field(() => TaskListScope)
  @IsEnum(TaskListScope)
  scope!: TaskListScope;

  @Field(() => String, {
    nullable: true,
    description: 'With POOL: `<GROUP>:<municipality>` or `WELFARE_VOLUNTEER:<district>`, e.g. WELFARE_VOLUNTEER:13219-01. Coordinators may print any pool of their municipalities; others only their own.',
  })
  @IsOptional()
  @Matches(/^(MEDICAL|CARE|WELFARE_VOLUNTEER|MUNICIPAL):\d{5}(-\d{1,4})?$/, { message: 'poolKey must look like WELFARE_VOLUNTEER:13219-01 or MUNICIPAL:13219' })
  poolKey?: string;
}

@ObjectType('ExportFile', { description: 'A generated file, watermarked with who exported it and when; the export is in the audit log.' })
export class ExportFileModel {
  @Field()
  filename!: string;

  @Field()
  mimeType!: string;

  @Field({ description: 'The file, base64-encoded.' })
  contentBase64!: string;

  @Field(() => Int, { description: 'Task rows in the file.' })
  rows!: number;

  @Field(() => Int, { description: 'Rows whose person the access policy hides from you (printed as 詳細非表示 with district and approximate location).' })
  hiddenRows!: number;

  @Field(() => Int, { nullable: true, description: 'Pages (PDF only).' })
  pages!: number | null;

  @Field({ description: 'Printed on the file; finds the audit record of this export.' })
  exportId!: string;
}

@ObjectType('ExportCount', { description: 'How many exports (printed lists, PFIF) one account made for an incident, from the audit log.' })
export class ExportCountModel {
  @Field(() => ID)
  accountId!: string;

  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => String, { nullable: true })
  role!: string | null;

  @Field(() => String, { nullable: true })
  organisation!: string | null;

  @Field(() => Int, { description: 'All exports.' })
  exports!: number;

  @Field(() => Int)
  csv!: number;

  @Field(() => Int)
  pdf!: number;

  @Field(() => Int)
  pfif!: number;

  @Field(() => Int, { description: 'Rows (tasks or person records) exported in total.' })
  rows!: number;

  @Field()
  lastExportAt!: Date;
}

@ArgsType()
export class IncidentExportArgs {
  @Field(() => ID)
  @IsUUID()
  incidentId!: string;
}
