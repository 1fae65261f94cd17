import { Field, Float, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JSONScalar } from '@anpi/core';
import { OrdinancePattern } from '../municipality.entity';
import { ShelterKind } from '../shelter.entity';

registerEnumType(ShelterKind, { name: 'ShelterKind', description: 'GSI designation: emergency site, shelter, or welfare shelter.' });
registerEnumType(OrdinancePattern, { name: 'OrdinancePattern', description: 'How the local ordinance lets roster data be shared in normal times.' });

@ObjectType('Municipality', { description: 'A municipality of the region with its real boundary (MLIT N03).' })
export class MunicipalityModel {
  @Field({ description: 'JIS X 0402 code.' })
  code!: string;

  @Field()
  nameJa!: string;

  @Field()
  nameEn!: string;

  @Field(() => JSONScalar, { description: 'GeoJSON MultiPolygon (WGS 84 lng/lat).' })
  boundary!: unknown;

  @Field(() => OrdinancePattern)
  ordinancePattern!: OrdinancePattern;
}

@ObjectType('District', { description: 'A welfare-volunteer district.' })
export class DistrictModel {
  @Field()
  code!: string;

  @Field()
  municipalityCode!: string;

  @Field()
  nameJa!: string;
}

@ObjectType('Shelter', { description: 'A GSI designated emergency site or shelter.' })
export class ShelterModel {
  @Field()
  id!: string;

  @Field()
  municipalityCode!: string;

  @Field()
  nameJa!: string;

  @Field()
  address!: string;

  @Field(() => ShelterKind)
  kind!: ShelterKind;

  @Field(() => [String], { description: 'Hazards an emergency site is designated for.' })
  hazards!: string[];

  @Field(() => Float)
  lat!: number;

  @Field(() => Float)
  lng!: number;

  @Field({ description: 'Opened by the municipality in the current incident.' })
  isOpen!: boolean;
}

@ObjectType('MapSettings', { description: 'Base map configuration and the attribution lines to show.' })
export class MapSettingsModel {
  @Field()
  tileUrl!: string;

  @Field()
  tileAttribution!: string;

  @Field(() => [String])
  dataAttribution!: string[];
}
