import { DisasterDisclosureEntity } from './disaster-disclosure.entity';
import { GenerationChunkEntity } from './generation-chunk.entity';
import { IncidentAreaEntity, IncidentAreaRingEntity } from './incident-area.entity';
import { IncidentPersonEntity } from './incident-person.entity';
import { IncidentEntity } from './incident.entity';
import { IncidentsProcessor } from './incidents.processor';

export * from './incident.entity';
export * from './incident-area.entity';
export * from './disaster-disclosure.entity';
export * from './generation-chunk.entity';
export * from './incident-person.entity';
export * from './area-geometry';
export * from './incident.repository';
export * from './incidents.service';
export * from './incidents.module';
export * from './incidents.processor';

export const INCIDENTS_ENTITIES = [IncidentEntity, IncidentAreaEntity, IncidentAreaRingEntity, DisasterDisclosureEntity, GenerationChunkEntity, IncidentPersonEntity];
export const INCIDENTS_PROCESSORS = [IncidentsProcessor];
