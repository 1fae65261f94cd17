import { Module } from '@nestjs/common';
import { AccessModule } from '@anpi/access';
import { AcpRepository } from './acp.repository';
import { AcpService } from './acp.service';
import { AcpResolver } from './graphql/acp.resolver';
import { AcpPrintRepository } from './print/acp-print.repository';
import { AcpPrintResolver } from './print/acp-print.resolver';
import { AcpPrintService } from './print/acp-print.service';

/** ACP discussions (人生会議), physician orders, stance, emergency summary, the FHIR export and the person's printed copy. */
@Module({
  imports: [AccessModule],
  providers: [AcpRepository, AcpService, AcpResolver, AcpPrintRepository, AcpPrintService, AcpPrintResolver],
  exports: [AcpService, AcpPrintService],
})
export class AcpModule {}
