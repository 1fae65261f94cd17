import { Module } from '@nestjs/common';
import { AccessModule } from '@anpi/access';
import { RegionModule } from '@anpi/region';
import { PeopleResolver } from './graphql/people.resolver';
import { PeopleService } from './people.service';
import { PersonRepository } from './person.repository';
import { RosterImportResolver } from './import/graphql/roster-import.resolver';
import { BearerActorGuard } from './import/http/bearer-actor.guard';
import { RosterImportController } from './import/http/roster-import.controller';
import { RosterImportRepository } from './import/roster-import.repository';
import { RosterImportService } from './import/roster-import.service';

@Module({
  imports: [AccessModule, RegionModule],
  providers: [PersonRepository, PeopleService, PeopleResolver, RosterImportRepository, RosterImportService, RosterImportResolver, BearerActorGuard],
  controllers: [RosterImportController],
  exports: [PeopleService, PersonRepository],
})
export class PeopleModule {}
