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
