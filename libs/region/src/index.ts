import { DistrictEntity } from './district.entity';
import { MunicipalityAreaPartEntity } from './municipality-area-part.entity';
import { MunicipalityEntity } from './municipality.entity';
import { ShelterEntity } from './shelter.entity';

export * from './municipality.entity';
export * from './municipality-area-part.entity';
export * from './district.entity';
export * from './shelter.entity';

export const REGION_ENTITIES = [MunicipalityEntity, MunicipalityAreaPartEntity, DistrictEntity, ShelterEntity];
export * from './region-data';
export * from './region.repository';
export * from './region.module';
