import type { components } from './schema';

type Schemas = components['schemas'];

export type HealthDto = Schemas['HealthDto'];
export type SessionDto = Schemas['SessionDto'];
export type UserDto = Schemas['UserDto'];
export type RoleGrantDto = Schemas['RoleGrantDto'];
export type TrustDto = Schemas['TrustDto'];
export type MemberDto = Schemas['MemberDto'];
export type AccountDto = Schemas['AccountDto'];
export type StudyDto = Schemas['StudyDto'];
export type OutboxMessageDto = Schemas['OutboxMessageDto'];

export type Role = RoleGrantDto['role'];
export type MemberRole = MemberDto['role'];

export type CreateTrustInput = Schemas['CreateTrustDto'];
export type InvitationInput = Schemas['InviteMemberDto'];
export type CreateAccountInput = Schemas['CreateAccountDto'];
export type GrantRoleInput = Schemas['GrantRoleDto'];
export type CreateStudyInput = Schemas['CreateStudyDto'];

export type PersonDto = Schemas['PersonDto'];
export type PeoplePageDto = Schemas['PeoplePageDto'];
export type CreatePersonInput = Schemas['CreatePersonDto'];
export type Band = NonNullable<PersonDto['band']>;
export type AccountStatus = PersonDto['accountStatus'];

export type StaffField = Schemas['StaffField'];
export type ColumnMapping = Schemas['ColumnMappingDto'];
export type ImportFieldDto = Schemas['ImportFieldDto'];
export type RowErrorDto = Schemas['RowErrorDto'];
export type DuplicateDto = Schemas['DuplicateDto'];
export type ImportPreviewDto = Schemas['ImportPreviewDto'];
export type ImportResultDto = Schemas['ImportResultDto'];

export type StepKind = Schemas['StepKind'];
export type ProgrammeStepDto = Schemas['ProgrammeStepDto'];
export type ProgrammeDto = Schemas['ProgrammeDto'];

export type StatusCountsDto = Schemas['StatusCountsDto'];
export type CohortDto = Schemas['CohortDto'];
export type EnrolmentStatus = Schemas['EnrolmentStatus'];
export type FunnelStageDto = Schemas['FunnelStageDto'];
export type EnrolmentRowDto = Schemas['EnrolmentRowDto'];
export type CohortDashboardDto = Schemas['CohortDashboardDto'];
export type EnrolResultDto = Schemas['EnrolResultDto'];

export type StepState = Schemas['StepState'];
export type LearningStepDto = Schemas['LearningStepDto'];
export type LearningEnrolmentDto = Schemas['LearningEnrolmentDto'];
export type MyLearningDto = Schemas['MyLearningDto'];

export type ReminderDto = Schemas['ReminderDto'];

export type CreateCohortInput = Schemas['CreateCohortDto'];
export type EnrolInput = Schemas['EnrolDto'];

export type ScormVersion = Schemas['ScormVersion'];
export type ScoDto = Schemas['ScoDto'];
export type PackageVersionDto = Schemas['PackageVersionDto'];
export type PackageDto = Schemas['PackageDto'];

export type AttemptPolicy = Schemas['AttemptPolicy'];
export type Grading = Schemas['Grading'];
export type CompletionStatus = Schemas['CompletionStatus'];
export type SuccessStatus = Schemas['SuccessStatus'];
export type AttemptSummaryDto = Schemas['AttemptSummaryDto'];
export type ModuleScoDto = Schemas['ModuleScoDto'];
export type ModuleDto = Schemas['ModuleDto'];
export type LaunchDto = Schemas['LaunchDto'];
export type EnrolmentAttemptsDto = Schemas['EnrolmentAttemptsDto'];
export type AttemptScoDto = Schemas['AttemptScoDto'];
export type InteractionDto = Schemas['InteractionDto'];
export type AttemptDetailDto = Schemas['AttemptDetailDto'];
export type PackagePolicyInput = Schemas['PackagePolicyDto'];
export type StepPackageInput = Schemas['StepPackageDto'];

export type InstrumentKind = Schemas['InstrumentKind'];
export type InstrumentSource = Schemas['InstrumentSource'];
export type InstrumentSummaryDto = Schemas['InstrumentSummaryDto'];
export type InstrumentDetailDto = Schemas['InstrumentDetailDto'];
export type InstrumentItemDto = Schemas['InstrumentItemDto'];
export type LoadLicensedPackInput = Schemas['LoadLicensedPackDto'];
export type LoadOutcome = Schemas['LoadOutcome'];
export type LoadedInstrumentDto = Schemas['LoadedInstrumentDto'];
export type LoadResultDto = Schemas['LoadResultDto'];
export type ConsentFormDto = Schemas['ConsentFormDto'];
export type CreateConsentFormInput = Schemas['CreateConsentFormDto'];
export type StageCountDto = Schemas['StageCountDto'];
export type StudyParticipationDto = Schemas['StudyParticipationDto'];
export type EqualityDimensionDto = Schemas['EqualityDimensionDto'];
export type StudyEqualityDto = Schemas['StudyEqualityDto'];
export type PreAssessmentStateDto = Schemas['PreAssessmentStateDto'];

export type EvaluationDto = Schemas['EvaluationDto'];
export type EvaluationQuery = Schemas['EvaluationQueryDto'];
export type EthnicGroupFilter = Schemas['EthnicGroupFilter'];
export type EvaluationBand = NonNullable<EvaluationQuery['band']>;
export type CountDto = Schemas['CountDto'];
export type FlowStageDto = Schemas['FlowStageDto'];
export type SummaryDto = Schemas['SummaryDto'];
export type EffectDto = Schemas['EffectDto'];
export type ComparisonDto = Schemas['ComparisonDto'];
export type ReactionDto = Schemas['ReactionDto'];
export type ModuleOutcomeDto = Schemas['ModuleOutcomeDto'];
export type ReliabilityDto = Schemas['ReliabilityDto'];
export type DecisionPointDto = Schemas['DecisionPointDto'];
export type InstrumentUsedDto = Schemas['InstrumentUsedDto'];
export type FilterOptionDto = Schemas['FilterOptionDto'];
