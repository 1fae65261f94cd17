import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor, CurrentActor } from '@anpi/access';
import { DisasterDisclosureEntity } from '../disaster-disclosure.entity';
import { IncidentRepository } from '../incident.repository';
import { IncidentEntity, IncidentStatus } from '../incident.entity';
import { IncidentsService } from '../incidents.service';
import { Intensity } from '@anpi/interop';
import {
  AlertInput, AlertProposalModel,
  DeclareIncidentInput, DisasterDisclosureModel, ExtendIncidentAreaInput, IncidentModel, SetDisasterDisclosureInput,
} from './incident.graphql';

function toDisclosure(d: DisasterDisclosureEntity, incidentActive: boolean): DisasterDisclosureModel {
  return { ...d, active: incidentActive && d.endedAt === null && d.expiresAt > new Date() };
}

@Resolver(() => IncidentModel)
export class IncidentsResolver {
  constructor(
    private readonly service: IncidentsService,
    private readonly repo: IncidentRepository,
  ) {}

  private async model(i: IncidentEntity): Promise<IncidentModel> {
    const [areas, disclosures] = await Promise.all([this.repo.areas(i.id), this.repo.disclosures(i.id)]);
    return {
      id: i.id, kind: i.kind, title: i.title, isDrill: i.isDrill, status: i.status, declaredAt: i.declaredAt, closedAt: i.closedAt, source: i.source,
      expectedOutageHours: i.expectedOutageHours, areaVersion: i.areaVersion, generationStatus: i.generationStatus,
      area: areas.map((a) => ({ kind: a.kind, municipalityCode: a.municipalityCode, geometry: a.geometry, areaVersion: a.areaVersion })),
      disclosures: disclosures.map((d) => toDisclosure(d, i.status === IncidentStatus.ACTIVE)),
    };
  }

  @Query(() => [IncidentModel], { description: 'Incidents of your municipalities, newest first. `drills` false hides drills, true shows only drills.' })
  async incidents(
    @CurrentActor() actor: Actor,
    @Args('status', { type: () => IncidentStatus, nullable: true }) status?: IncidentStatus,
    @Args('drills', { type: () => Boolean, nullable: true }) drills?: boolean,
  ): Promise<IncidentModel[]> {
    const list = await this.service.list(actor, status ?? null, drills ?? null);
    return Promise.all(list.map((i) => this.model(i)));
  }

  @Query(() => IncidentModel)
  async incident(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<IncidentModel> {
    return this.model(await this.service.get(actor, id));
  }

  @Mutation(() => IncidentModel, { description: 'Declares an incident and starts generating the task lists (municipal admins with a second factor).' })
  async declareIncident(@CurrentActor() actor: Actor, @Args('input') input: DeclareIncidentInput): Promise<IncidentModel> {
    return this.model(await this.service.declare(actor, input));
  }

  @Query(() => AlertProposalModel, { description: 'Reads a JMA seismic-intensity report or a CAP alert and proposes an incident over your municipalities.' })
  proposeIncidentFromAlert(@CurrentActor() actor: Actor, @Args('input') input: AlertInput): AlertProposalModel {
    return this.service.proposeFromAlert(actor, input.format, input.xml, input.minIntensity as Intensity) as AlertProposalModel;
  }

  @Mutation(() => IncidentModel, { description: 'Declares from an alert (once per alert), or closes the incident an alert cancellation withdraws.' })
  async declareIncidentFromAlert(@CurrentActor() actor: Actor, @Args('input') input: AlertInput): Promise<IncidentModel> {
    return this.model(await this.service.declareFromAlert(actor, input.format, input.xml, input.minIntensity as Intensity, input.disclosure ?? null));
  }

  @Mutation(() => IncidentModel, { description: 'Widens the area; only the newly covered people get tasks.' })
  async extendIncidentArea(@CurrentActor() actor: Actor, @Args('input') input: ExtendIncidentAreaInput): Promise<IncidentModel> {
    return this.model(await this.service.extendArea(actor, input.incidentId, input));
  }

  @Mutation(() => IncidentModel, { description: 'Ends the incident; disaster disclosure ends with it.' })
  async closeIncident(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<IncidentModel> {
    return this.model(await this.service.close(actor, id));
  }

  @Mutation(() => IncidentModel, { description: 'Switches disaster disclosure on (reason and expiry required) or off.' })
  async setDisasterDisclosure(@CurrentActor() actor: Actor, @Args('input') input: SetDisasterDisclosureInput): Promise<IncidentModel> {
    await this.service.setDisclosure(actor, input.incidentId, input.on, input.reason ?? null, input.expiresAt ?? null);
    return this.model((await this.repo.findById(input.incidentId))!);
  }
}
