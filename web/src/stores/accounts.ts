import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, expectOk, unwrap } from '../api/client';
import type { AccountDto, CreateAccountInput, GrantRoleInput, RoleGrantDto } from '../api/types';

export const useAccountsStore = defineStore('accounts', () => {
  const accounts = ref<AccountDto[]>([]);
  const query = ref('');
  const loaded = ref(false);

  async function search(q = ''): Promise<void> {
    const trimmed = q.trim();
    accounts.value = await unwrap(
      api.GET('/api/accounts', { params: { query: trimmed ? { q: trimmed } : {} } }),
    );
    query.value = trimmed;
    loaded.value = true;
  }

  async function createAccount(input: CreateAccountInput): Promise<AccountDto> {
    const account = await unwrap(api.POST('/api/accounts', { body: input }));
    accounts.value = [account, ...accounts.value.filter((a) => a.id !== account.id)];
    return account;
  }

  function updateRoles(userId: string, change: (roles: RoleGrantDto[]) => RoleGrantDto[]): void {
    accounts.value = accounts.value.map((account) =>
      account.id === userId ? { ...account, roles: change(account.roles) } : account,
    );
  }

  async function grantRole(userId: string, input: GrantRoleInput): Promise<RoleGrantDto> {
    const grant = await unwrap(
      api.POST('/api/accounts/{userId}/roles', { params: { path: { userId } }, body: input }),
    );
    updateRoles(userId, (roles) => [...roles.filter((r) => r.id !== grant.id), grant]);
    return grant;
  }

  async function revokeRole(userId: string, grantId: string): Promise<void> {
    await expectOk(
      api.DELETE('/api/accounts/{userId}/roles/{grantId}', { params: { path: { userId, grantId } } }),
    );
    updateRoles(userId, (roles) => roles.filter((r) => r.id !== grantId));
  }

  return {
    accounts: readonly(accounts),
    query: readonly(query),
    loaded: readonly(loaded),
    search,
    createAccount,
    grantRole,
    revokeRole,
  };
});
