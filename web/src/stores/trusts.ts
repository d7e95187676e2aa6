import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, unwrap } from '../api/client';
import type { CreateTrustInput, InvitationInput, MemberDto, TrustDto } from '../api/types';

export const useTrustsStore = defineStore('trusts', () => {
  const trusts = ref<TrustDto[]>([]);
  const loaded = ref(false);
  const details = ref<Record<string, TrustDto>>({});
  const members = ref<Record<string, MemberDto[]>>({});

  async function loadTrusts(): Promise<void> {
    trusts.value = await unwrap(api.GET('/api/trusts'));
    loaded.value = true;
  }

  async function createTrust(input: CreateTrustInput): Promise<TrustDto> {
    const trust = await unwrap(api.POST('/api/trusts', { body: input }));
    trusts.value = [...trusts.value, trust].sort((a, b) => a.name.localeCompare(b.name));
    details.value = { ...details.value, [trust.id]: trust };
    return trust;
  }

  async function loadTrust(trustId: string): Promise<TrustDto> {
    const trust = await unwrap(api.GET('/api/trusts/{trustId}', { params: { path: { trustId } } }));
    details.value = { ...details.value, [trustId]: trust };
    return trust;
  }

  async function loadMembers(trustId: string): Promise<void> {
    const list = await unwrap(api.GET('/api/trusts/{trustId}/members', { params: { path: { trustId } } }));
    members.value = { ...members.value, [trustId]: list };
  }

  async function invite(trustId: string, input: InvitationInput): Promise<MemberDto> {
    const member = await unwrap(
      api.POST('/api/trusts/{trustId}/invitations', { params: { path: { trustId } }, body: input }),
    );
    const current = members.value[trustId] ?? [];
    const isNew = !current.some((m) => m.membershipId === member.membershipId);
    const updated = isNew
      ? [...current, member]
      : current.map((m) => (m.membershipId === member.membershipId ? member : m));
    members.value = { ...members.value, [trustId]: updated };
    const trust = details.value[trustId];
    if (trust && isNew) {
      details.value = { ...details.value, [trustId]: { ...trust, memberCount: trust.memberCount + 1 } };
    }
    return member;
  }

  return {
    trusts: readonly(trusts),
    loaded: readonly(loaded),
    details: readonly(details),
    members: readonly(members),
    loadTrusts,
    createTrust,
    loadTrust,
    loadMembers,
    invite,
  };
});
