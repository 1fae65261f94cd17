import { Module } from '@nestjs/common';
import { AccessModule } from '@anpi/access';
import { ChecksService } from './checks.service';
import { ChecksResolver } from './graphql/checks.resolver';
import { TaskFieldsResolver } from './graphql/task-fields.resolver';
import { ExportRepository } from './exports/export.repository';
import { ExportsResolver } from './exports/exports.resolver';
import { ExportsService } from './exports/exports.service';
import { ProgressService } from './progress.service';
import { TaskGenerationRepository } from './task-generation.repository';
import { TaskRepository } from './task.repository';
import { TaskViewService } from './task-view.service';

@Module({
  imports: [AccessModule],
  providers: [TaskRepository, TaskGenerationRepository, ChecksService, TaskViewService, ProgressService, ChecksResolver, TaskFieldsResolver, ExportRepository, ExportsService, ExportsResolver],
  exports: [TaskRepository, TaskGenerationRepository, ChecksService, ProgressService, ExportsService],
})
export class ChecksModule {}
