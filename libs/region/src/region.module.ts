import { Module } from '@nestjs/common';
import { RegionResolver } from './graphql/region.resolver';
import { RegionRepository } from './region.repository';

@Module({ providers: [RegionRepository, RegionResolver], exports: [RegionRepository] })
export class RegionModule {}
