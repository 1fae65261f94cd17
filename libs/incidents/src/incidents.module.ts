import { Module } from '@nestjs/common';
import { AccessModule } from '@anpi/access';
import { ChecksModule } from '@anpi/checks';
import { IncidentsResolver } from './graphql/incidents.resolver';
import { IncidentRepository } from './incident.repository';
import { IncidentsService } from './incidents.service';

@Module({
  imports: [AccessModule, ChecksModule],
  providers: [IncidentRepository, IncidentsService, IncidentsResolver],
  exports: [IncidentsService, IncidentRepository],
})
export class IncidentsModule {}
