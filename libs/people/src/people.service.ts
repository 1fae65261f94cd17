import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppException, ErrorCode } from '@anpi/core';
import {
  AccessPolicyService, Actor, AuditAction, AuditService, Capability, DataClass, Purpose, Role, assertCan,
} from '@anpi/access';
import { RegionRepository } from '@anpi/region';
import { PersonEntity } from './person.entity';
import { CareLevel, Household, RosterStatus, Sex } from './person.enums';
import { PersonRepository, PersonRow, PersonSearch } from './person.repository';
import { Problems, TEXT_LIMITS, birthDateProblem, isKana, normalisePhone, toKatakana } from './person-validation';
import { backupRuntimeHours, priorityOf } from './priority';

export interface PersonFields {
  name?: string;
  nameKana?: string;
  birthDate?: string;
  sex?: Sex;
  address?: string;
  phone?: string | null;
  otherContacts?: string[];
  lat?: number;
  lng?: number;
  locationOverrideReason?: string | null;
  supportReasons?: string[];
  supportReasonNote?: string | null;
  medicalDependencies?: string[];
  careLevel?: CareLevel;
  household?: Household;
  hazardFlags?: string[];
  districtCode?: string | null;
  externalId?: string | null;
  rosterStatus?: RosterStatus;
  rosterExcludedReason?: string | null;
}

export interface PeopleFilter {
  text?: string;
  municipalityCode?: string;
  districtCode?: string;
  needs?: string[];
  medicalDependencies?: string[];
  planStatus?: string[];
  noPlan?: boolean;
  rosterStatus?: string;
}

/** Roles whose roster view is limited to their own care team (clients, patients, supported people). */
const CARE_TEAM_SCOPED = new Set([Role.CARE_MANAGER, Role.VISITING_NURSE, Role.HOME_CARE_DOCTOR, Role.SUPPORTER, Role.ACP_FACILITATOR, Role.PERSON_OR_SURROGATE]);
const DISTRICT_SCOPED = new Set([Role.WELFARE_VOLUNTEER, Role.VOLUNTARY_DISASTER_ORG]);

/** The roster: create, update, search. Every read goes through the access policy; every write is audited. */
@Injectable()
export class PeopleService {
  constructor(
    private readonly ds: DataSource,
    private readonly people: PersonRepository,
    private readonly region: RegionRepository,
    private readonly policy: AccessPolicyService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, municipalityCode: string, input: PersonFields, field = 'input'): Promise<PersonEntity> {
    assertCan(actor, Capability.MANAGE_ROSTER);
    if (!actor.municipalityCodes.includes(municipalityCode)) {
      throw AppException.badInput([{ field: `${field}.municipalityCode`, message: 'you can add people only to your own municipality' }]);
    }
    const problems = new Problems(field);
    for (const f of ['name', 'nameKana', 'birthDate', 'sex', 'address', 'lat', 'lng', 'household'] as const) {
      problems.check(input[f] !== undefined && input[f] !== null && input[f] !== '', f, 'is required');
    }
    const clean = await this.validate(municipalityCode, input, problems);
    if (problems.list.length) throw AppException.badInput(problems.list);
    return this.ds.transaction(async (m) => {
      const person = await this.people.insert({ municipalityCode, careLevel: CareLevel.NONE, ...clean } as Partial<PersonEntity>, m);
      await this.refreshPriority(person.id, m);
      await this.audit.record(actor, [{ action: AuditAction.WRITE, dataClass: DataClass.R, personId: person.id, purpose: Purpose.ROSTER_MANAGEMENT, detail: { operation: 'createPerson' } }], m);
      return (await m.getRepository(PersonEntity).findOneByOrFail({ id: person.id }));
    });
  }

  async update(actor: Actor, id: string, version: number, input: PersonFields, field = 'input'): Promise<PersonEntity> {
    assertCan(actor, Capability.MANAGE_ROSTER);
    await this.policy.authorizeOne(actor, id, [DataClass.R], { purpose: Purpose.ROSTER_MANAGEMENT, operation: 'updatePerson' });
    const current = await this.people.findById(id);
    if (!current) throw AppException.notFound('Person');
    const problems = new Problems(field);
    const clean = await this.validate(current.municipalityCode, { ...input, lat: input.lat ?? current.lat, lng: input.lng ?? current.lng, locationOverrideReason: input.locationOverrideReason !== undefined ? input.locationOverrideReason : current.locationOverrideReason }, problems);
    if (input.lat === undefined) delete clean.lat;
    if (input.lng === undefined) delete clean.lng;
    const status = input.rosterStatus ?? current.rosterStatus;
    const reason = input.rosterExcludedReason !== undefined ? input.rosterExcludedReason : current.rosterExcludedReason;
    problems.check(status !== RosterStatus.EXCLUDED || !!reason, 'rosterExcludedReason', 'is required when the person is excluded from the roster');
    if (problems.list.length) throw AppException.badInput(problems.list);
    if (input.rosterStatus !== undefined) clean.rosterStatus = input.rosterStatus;
    if (input.rosterExcludedReason !== undefined || status === RosterStatus.LISTED) clean.rosterExcludedReason = status === RosterStatus.LISTED ? null : reason;
    return this.ds.transaction(async (m) => {
      if (!(await this.people.updateIfVersion(id, version, clean as Partial<PersonEntity>, m))) {
        const now = await m.getRepository(PersonEntity).findOneBy({ id });
        throw new AppException(ErrorCode.CONFLICT, 'Someone else changed this person meanwhile; reload and apply your change again', { currentVersion: now?.version });
      }
      await this.refreshPriority(id, m);
      await this.audit.record(actor, [{ action: AuditAction.WRITE, dataClass: DataClass.R, personId: id, purpose: Purpose.ROSTER_MANAGEMENT, detail: { operation: 'updatePerson', fields: Object.keys(clean) } }], m);
      return m.getRepository(PersonEntity).findOneByOrFail({ id });
    });
  }

  /** One person, if the actor may see them at all (else NOT_FOUND, the same as a missing id). */
  async get(actor: Actor, id: string, purpose = Purpose.ROSTER_MANAGEMENT): Promise<PersonRow> {
    await this.policy.authorizeOne(actor, id, [DataClass.R], { purpose, operation: 'person' });
    const [row] = await this.people.search({ onlyIds: [id], first: 1 });
    if (!row) throw AppException.notFound('Person');
    return row;
  }

  /** A page of the roster the actor may see, in priority order. */
  async search(actor: Actor, filter: PeopleFilter, first: number, after: string | null): Promise<{ nodes: PersonRow[]; endCursor: string | null }> {
    let municipalityCodes = actor.municipalityCodes;
    if (filter.municipalityCode) municipalityCodes = municipalityCodes.filter((c) => c === filter.municipalityCode);
    const q: PersonSearch = { ...filter, municipalityCodes, first, districtCodes: filter.districtCode ? [filter.districtCode] : undefined };
    if (DISTRICT_SCOPED.has(actor.role)) q.districtCodes = actor.districtCodes.filter((d) => !filter.districtCode || d === filter.districtCode);
    if (CARE_TEAM_SCOPED.has(actor.role)) {
      q.onlyIds = (await this.ds.query(`SELECT person_id FROM care_team_member WHERE account_id = $1`, [actor.accountId])).map((r: { person_id: string }) => r.person_id);
      q.municipalityCodes = filter.municipalityCode ? [filter.municipalityCode] : undefined;
    }
    if (after) {
      const [p, id] = after.split(':');
      q.after = { priority: Number(p), id };
    }
    // Scan in priority order until `first` visible people are found (or a bounded number of rows has
    // been scanned). The cursor is built from the last *visible* person only: a cursor made from a row
    // the policy hid would hand out that person's id and priority.
    const visible: PersonRow[] = [];
    let exhausted = false;
    for (let scanned = 0; visible.length < first && scanned < first * 10; ) {
      const want = first - visible.length;
      const rows = await this.people.search({ ...q, first: want });
      scanned += rows.length;
      if (rows.length === 0) {
        exhausted = true;
        break;
      }
      const decisions = await this.policy.authorize(actor, rows.map((r) => r.id), [DataClass.R], {
        purpose: Purpose.ROSTER_MANAGEMENT,
        operation: 'people',
        auditRosterPerPerson: false,
      });
      visible.push(...rows.filter((r) => decisions.allows(r.id, DataClass.R)));
      const last = rows[rows.length - 1];
      q.after = { priority: last.priorityScore, id: last.id };
      if (rows.length < want) {
        exhausted = true;
        break;
      }
    }
    const lastVisible = visible[visible.length - 1];
    return { nodes: visible, endCursor: !exhausted && lastVisible ? `${lastVisible.priorityScore}:${lastVisible.id}` : null };
  }

  /** Recomputes and stores a person's priority from their roster entry and current plan. */
  async refreshPriority(personId: string, m: EntityManager = this.ds.manager): Promise<void> {
    const person = await m.getRepository(PersonEntity).findOneByOrFail({ id: personId });
    const plan = await this.people.planSummary(personId, m);
    const p = priorityOf({
      medicalDependencies: person.medicalDependencies,
      hazardFlags: person.hazardFlags,
      household: person.household,
      careLevel: person.careLevel,
      plan: plan ? { supporterCount: plan.supporterCount, backupRuntimeHours: backupRuntimeHours(plan.devices) } : null,
    });
    await this.people.setPriority(personId, p.score, p.factors.map((f) => f.factor), m);
  }

  /** Field rules shared by create, update and import; returns the normalised values. */
  async validate(municipalityCode: string, input: PersonFields, problems: Problems): Promise<PersonFields> {
    const out: PersonFields = { ...input };
    if (input.name !== undefined) problems.check(input.name.trim().length > 0, 'name', 'must not be empty');
    if (input.nameKana !== undefined) {
      problems.check(isKana(input.nameKana), 'nameKana', 'must be written in katakana or hiragana');
      out.nameKana = toKatakana(input.nameKana.trim());
    }
    if (input.birthDate !== undefined) problems.add('birthDate', birthDateProblem(input.birthDate));
    if (input.phone) {
      const phone = normalisePhone(input.phone);
      problems.check(phone !== null, 'phone', 'must be a Japanese phone number, e.g. 03-3430-1111 or 090-1234-5678');
      out.phone = phone ?? input.phone;
    }
    if (input.otherContacts) out.otherContacts = input.otherContacts.map((c) => c.trim()).filter(Boolean);
    if (input.supportReasonNote) problems.check(input.supportReasonNote.length <= TEXT_LIMITS.note, 'supportReasonNote', `must be at most ${TEXT_LIMITS.note} characters`);
    if (input.districtCode) problems.check(input.districtCode.startsWith(`${municipalityCode}-`), 'districtCode', `must be a district of ${municipalityCode}`);
    if (input.lat !== undefined && input.lng !== undefined) {
      const inside = (await this.region.municipalitiesAt(input.lat, input.lng)).includes(municipalityCode);
      problems.check(inside || !!input.locationOverrideReason?.trim(), 'lat', `lies outside municipality ${municipalityCode}; move the marker or give locationOverrideReason`);
      if (inside) out.locationOverrideReason = null;
    }
    return out;
  }
}

