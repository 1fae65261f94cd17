import { Module } from '@nestjs/common';
import { AccessModule } from '@anpi/access';
import { RegionModule } from '@anpi/region';
import { PeopleResolver } from './graphql/people.resolver';
import { PeopleService } from './people.service';
import { PersonRepository } from './person.repository';

@Module({
  imports: [AccessModule, RegionModule],
  providers: [PersonRepository, PeopleService, PeopleResolver],
  exports: [PeopleService, PersonRepository],
})
export class PeopleModule {}
