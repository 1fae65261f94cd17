import { Module } from '@nestjs/common';
import { AccessModule } from '@anpi/access';
import { RegionModule } from '@anpi/region';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [AccessModule, RegionModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class DemoModule {}
