import { Module } from '@nestjs/common';
import { AccessModule } from '@anpi/access';
import { PeopleModule } from '@anpi/people';
import { RegionModule } from '@anpi/region';
import { ConsentsService } from './consents.service';
import { PersonPlanResolver, PlansResolver } from './graphql/plans.resolver';
import { PlanRepository } from './plan.repository';
import { PlansService } from './plans.service';

@Module({
  imports: [AccessModule, PeopleModule, RegionModule],
  providers: [PlanRepository, PlansService, ConsentsService, PlansResolver, PersonPlanResolver],
  exports: [PlansService, PlanRepository],
})
export class PlansModule {}
