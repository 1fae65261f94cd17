import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@anpi/core';
import { AccountEntity, AccountRepository, CareTeamMemberEntity, PasswordService, ResponderGroup } from '@anpi/access';
import { MedicalDependency, PersonEntity, backupRuntimeHours, priorityOf } from '@anpi/people';
import { ConsentRecordEntity, PlanEntity, PlanRevisionEntity } from '@anpi/plans';
import { RegionRepository, ShelterKind, loadBoundaries, loadShelters } from '@anpi/region';
import { DEMO_ACCOUNTS, demoTotpSecret } from './demo-accounts';
import { DISTRICTS_PER_MUNICIPALITY, DemoPerson, PEOPLE_PER_MUNICIPALITY, generatePeople } from './demo-people';
import { Prng } from './prng';

export const DEMO_SEED = 20260301;

export interface SeedReport {
  regionLoaded: boolean;
  demoLoaded: boolean;
  people: number;
  accounts: number;
  ms: number;
}

/**
 * Loads the North Tama South region (real boundaries and shelters) into an empty database and, when
 * asked, the deterministic demo: districts, ~3,000 synthetic people with plans, and demo accounts.
 * Both steps are idempotent: they skip what is already there.
 */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly ds: DataSource,
    private readonly region: RegionRepository,
    private readonly accounts: AccountRepository,
    private readonly passwords: PasswordService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async seed(withDemo: boolean = this.config.demoData): Promise<SeedReport> {
    const t0 = Date.now();
    let regionLoaded = false;
    if ((await this.region.countMunicipalities()) < 6) {
      await this.region.loadRegion(loadBoundaries(), loadShelters());
      regionLoaded = true;
    }
    let demoLoaded = false;
    let people = 0;
    if (withDemo && !(await this.ds.getRepository(AccountEntity).existsBy({ isDemo: true }))) {
      people = await this.seedDemo();
      demoLoaded = true;
    }
    const report = { regionLoaded, demoLoaded, people, accounts: demoLoaded ? DEMO_ACCOUNTS.length : 0, ms: Date.now() - t0 };
    if (regionLoaded || demoLoaded) this.logger.log(`seeded ${JSON.stringify(report)}`);
    return report;
  }

  private async seedDemo(): Promise<number> {
    const rng = new Prng(DEMO_SEED);
    const boundaries = loadBoundaries();
    const shelters = await this.region.listShelters();
    await this.region.insertDistricts(
      boundaries.flatMap((b) =>
        Array.from({ length: DISTRICTS_PER_MUNICIPALITY }, (_, i) => ({
          code: `${b.properties.code}-${String(i + 1).padStart(2, '0')}`,
          municipalityCode: b.properties.code,
          nameJa: `${b.properties.name_ja} 第${i + 1}地区`,
        })),
      ),
    );
    const people: DemoPerson[] = [];
    for (const b of boundaries) {
      const code = b.properties.code;
      const local = shelters
        .filter((s) => s.municipalityCode === code && s.kind !== ShelterKind.EMERGENCY_SITE)
        .map((s) => ({ id: s.id, name: s.nameJa, welfare: s.kind === ShelterKind.WELFARE_SHELTER }));
      people.push(...generatePeople(rng, code, b.geometry.coordinates, PEOPLE_PER_MUNICIPALITY[code] ?? 0, local));
    }
    const passwordHash = await this.passwords.hash(this.config.demoPassword);

    await this.ds.transaction(async (m) => {
      const byLogin = new Map<string, string>();
      for (const a of DEMO_ACCOUNTS) {
        const account = await this.accounts.create(
          {
            login: a.login, displayName: a.displayName, passwordHash, role: a.role, organisation: a.organisation, isDemo: true,
            // The demo operator has had every demo user sign the pledge and set up the second factor.
            totpSecret: demoTotpSecret(a), pledgeAcceptedAt: new Date('2026-04-01T00:00:00Z'),
          },
          [{ municipalityCode: a.municipalityCode, districtCode: a.districtCode }],
          m,
        );
        byLogin.set(a.login, account.id);
      }
      const author = byLogin.get('caremanager.komae') as string;

      // Komae's demo care professionals and neighbour are named in some of its people's plans.
      const komae = people.filter((p) => p.municipalityCode === '13219');
      const team: { personId: string; accountId: string; responderGroup: ResponderGroup; source: 'PLAN' | 'MANUAL' }[] = [];
      const deviceUsers = komae.filter((p) => p.medicalDependencies.some((d) => d === MedicalDependency.VENTILATOR || d === MedicalDependency.OXYGEN));
      for (const p of deviceUsers) {
        team.push({ personId: p.id, accountId: byLogin.get('nurse.komae') as string, responderGroup: ResponderGroup.MEDICAL, source: 'MANUAL' });
        team.push({ personId: p.id, accountId: byLogin.get('doctor.komae') as string, responderGroup: ResponderGroup.MEDICAL, source: 'MANUAL' });
      }
      for (const p of komae.filter((x) => x.careLevel.startsWith('CARE_')).slice(0, 40)) {
        team.push({ personId: p.id, accountId: byLogin.get('caremanager.komae') as string, responderGroup: ResponderGroup.CARE, source: 'MANUAL' });
      }
      for (const p of komae.filter((x) => x.plan && x.districtCode === '13219-01').slice(0, 5)) {
        const supporterId = byLogin.get('supporter.komae') as string;
        p.plan?.content.supporters.unshift({
          key: `demo-supporter-${p.id}`,
          name: '猪方 花子', relation: '近隣住民', responderGroup: ResponderGroup.WELFARE_VOLUNTEER, phone: '03-3480-0000',
          accountId: supporterId, availability: { day: true, night: true },
        });
        team.push({ personId: p.id, accountId: supporterId, responderGroup: ResponderGroup.WELFARE_VOLUNTEER, source: 'PLAN' });
      }

      for (let i = 0; i < people.length; i += 250) {
        const chunk = people.slice(i, i + 250);
        await m.createQueryBuilder().insert().into(PersonEntity).values(
          chunk.map((p) => ({
            id: p.id, municipalityCode: p.municipalityCode, districtCode: p.districtCode, name: p.name, nameKana: p.nameKana,
            birthDate: p.birthDate, sex: p.sex, address: p.address, phone: p.phone, lat: p.lat, lng: p.lng,
            supportReasons: p.supportReasons, medicalDependencies: p.medicalDependencies, careLevel: p.careLevel,
            household: p.household, hazardFlags: p.hazardFlags, version: 1, ...priorityColumns(p),
          })),
        ).execute();
        const planned = chunk.filter((p) => p.plan);
        if (planned.length) {
          await m.createQueryBuilder().insert().into(PlanEntity).values(
            planned.map((p) => ({
              personId: p.id, currentRevision: 1, status: p.plan!.status, nextReviewAt: p.plan!.nextReviewAt,
              agreedAt: p.plan!.status === 'AGREED' ? new Date('2026-04-01T00:00:00Z') : null,
            })),
          ).execute();
          await m.createQueryBuilder().insert().into(PlanRevisionEntity).values(
            planned.map((p) => ({ personId: p.id, revision: 1, content: p.plan!.content, changedFields: [], authorAccountId: author })),
          ).execute();
        }
      }
      // The facilitator works with Komae's device users; the person account is one Komae resident.
      for (const p of deviceUsers.slice(0, 10)) team.push({ personId: p.id, accountId: byLogin.get('facilitator.komae') as string, responderGroup: null as never, source: 'MANUAL' });
      if (komae[0]) team.push({ personId: komae[0].id, accountId: byLogin.get('person.komae') as string, responderGroup: null as never, source: 'MANUAL' });
      if (team.length) await m.getRepository(CareTeamMemberEntity).insert(team);

      // Ordinance patterns differ by city in the demo, and every city designates the usual recipients.
      const patterns: Record<string, string> = { '13203': 'EXPLICIT_CONSENT', '13204': 'PRESUMED_CONSENT', '13206': 'EXPLICIT_CONSENT', '13208': 'OPT_OUT', '13210': 'EXPLICIT_CONSENT', '13219': 'EXPLICIT_CONSENT' };
      for (const [code, pattern] of Object.entries(patterns)) {
        await m.query(`UPDATE municipality SET ordinance_pattern = $2, designated_recipients = '{WELFARE_VOLUNTEER,VOLUNTARY_DISASTER_ORG,FIRE_POLICE,SOCIAL_WELFARE_COUNCIL}' WHERE code = $1`, [code, pattern]);
      }
      // Consent decisions as a welfare desk would have collected them: most agree to roster sharing;
      // people with plans agreed to their creation, most to sharing; device users shared ACP with their team.
      const consentRows: Record<string, unknown>[] = [];
      const staffId = byLogin.get('staff.komae') as string;
      const consentRng = new Prng(DEMO_SEED + 1);
      for (const p of people) {
        const add = (scope: string, decision: string) =>
          consentRows.push({ personId: p.id, scope, decision, legalBasis: 'explicit_consent', recipientsAllowed: [], explainedItems: '避難行動要支援者名簿・個別避難計画の説明書 (demo v1)', obtainedBy: staffId, obtainedAt: new Date('2026-04-01T00:00:00Z'), method: 'WRITTEN', signerRelation: '本人', supporterKey: null });
        add('ROSTER_SHARE_NORMAL', consentRng.chance(0.75) ? 'AGREE' : consentRng.chance(0.5) ? 'REFUSE' : 'NO_ANSWER');
        if (p.plan) {
          add('PLAN_CREATION', 'AGREE');
          add('PLAN_SHARE_NORMAL', consentRng.chance(0.7) ? 'AGREE' : 'DISAGREE');
        }
        if (p.medicalDependencies.length) add('ACP_SHARE_TEAM', 'AGREE');
      }
      for (let i = 0; i < consentRows.length; i += 500) await m.getRepository(ConsentRecordEntity).insert(consentRows.slice(i, i + 500) as never);
    });
    return people.length;
  }
}


function priorityColumns(p: DemoPerson): { priorityScore: number; priorityFactors: string[] } {
  const pr = priorityOf({
    medicalDependencies: p.medicalDependencies,
    hazardFlags: p.hazardFlags,
    household: p.household,
    careLevel: p.careLevel,
    plan: p.plan ? { supporterCount: p.plan.content.supporters.length, backupRuntimeHours: backupRuntimeHours(p.plan.content.medicalDevices) } : null,
  });
  return { priorityScore: pr.score, priorityFactors: pr.factors.map((f) => f.factor) };
}
