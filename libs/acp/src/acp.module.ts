import { Module } from '@nestjs/common';
import { AccessModule } from '@anpi/access';
import { AcpRepository } from './acp.repository';
import { AcpService } from './acp.service';
import { AcpResolver } from './graphql/acp.resolver';

/** ACP discussions (人生会議), physician orders, stance, emergency summary and the FHIR export. */
@Module({
  imports: [AccessModule],
  providers: [AcpRepository, AcpService, AcpResolver],
  exports: [AcpService],
})
export class AcpModule {}
