import { Args, Query, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@anpi/core';
import { REGION_ATTRIBUTION } from '../region-data';
import { RegionRepository } from '../region.repository';
import { DistrictModel, MapSettingsModel, MunicipalityModel, ShelterModel } from './region.models';

/**
 * Public-record geography: boundaries and designated shelters are published data, so any
 * authenticated account may read them. No personal data passes here.
 */
@Resolver()
export class RegionResolver {
  constructor(
    private readonly region: RegionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => [MunicipalityModel], { description: 'Municipalities of the region, with boundaries.' })
  async municipalities(): Promise<MunicipalityModel[]> {
    return (await this.region.listMunicipalities()).map((m) => ({
      code: m.code,
      nameJa: m.nameJa,
      nameEn: m.nameEn,
      boundary: { type: 'MultiPolygon', coordinates: m.boundary },
      ordinancePattern: m.ordinancePattern,
    }));
  }

  @Query(() => [DistrictModel], { description: 'Welfare-volunteer districts, optionally of one municipality.' })
  async districts(@Args('municipalityCode', { nullable: true, type: () => String }) municipalityCode?: string): Promise<DistrictModel[]> {
    return this.region.listDistricts(municipalityCode ?? undefined);
  }

  @Query(() => [ShelterModel], { description: 'Designated emergency sites and shelters (GSI), optionally of one municipality.' })
  async shelters(@Args('municipalityCode', { nullable: true, type: () => String }) municipalityCode?: string): Promise<ShelterModel[]> {
    return this.region.listShelters(municipalityCode ? [municipalityCode] : undefined);
  }

  @Query(() => MapSettingsModel, { description: 'Base-map tile URL and the attribution lines the map must show.' })
  mapSettings(): MapSettingsModel {
    return { tileUrl: this.config.mapTileUrl, tileAttribution: this.config.mapTileAttribution, dataAttribution: REGION_ATTRIBUTION };
  }
}
