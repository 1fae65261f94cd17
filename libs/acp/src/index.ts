import { AcpDiscussionEntity } from './acp-discussion.entity';
import { PhysicianOrderEntity } from './physician-order.entity';

export * from './acp.enums';
export * from './acp-content';
export * from './acp-stance';
export * from './emergency-summary';
export * from './acp-validation';
export * from './acp-discussion.entity';
export * from './physician-order.entity';
export * from './acp.repository';
export * from './acp.service';
export * from './acp.module';
export * from './fhir/acp-fhir';
export * from './fhir/adi-profile-rules';
export * from './print/acp-print.service';
export * from './print/acp-summary-pdf';
export * from './print/acp-summary-text';

export const ACP_ENTITIES = [AcpDiscussionEntity, PhysicianOrderEntity];
export * from './acp-demo-seed';
