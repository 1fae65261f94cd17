import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AcpSummaryPdf', { description: 'The person’s copy of their ACP (人生会議の記録 — 本人控え) as an A4 PDF; the export is in the audit log.' })
export class AcpSummaryPdfModel {
  @Field(() => ID, { description: 'The person.' })
  personId!: string;

  @Field({ description: 'Suggested file name (no personal data in it).' })
  filename!: string;

  @Field({ description: 'application/pdf.' })
  mimeType!: string;

  @Field({ description: 'The file, base64-encoded.' })
  contentBase64!: string;

  @Field(() => Int, { description: 'Pages.' })
  pages!: number;

  @Field({ description: 'Printed in the footer; finds the audit record of this export.' })
  exportId!: string;
}
