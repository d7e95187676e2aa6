import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { uuidParam } from '../../common/http/pipes.js';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, Authenticated } from '../../common/auth/decorators.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { AccountsService } from './accounts.service.js';
import {
  AccountDto,
  CreateAccountDto,
  GrantRoleDto,
  ListAccountsQueryDto,
  RoleGrantDto,
} from './dto/account.dto.js';

@ApiTags('accounts')
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @Authenticated({ roles: ['platform_admin'] })
  @ApiOperation({ operationId: 'listAccounts', summary: 'Search accounts by email or name' })
  @ApiOkResponse({ type: [AccountDto] })
  list(@Auth() auth: AuthContext, @Query() query: ListAccountsQueryDto): Promise<AccountDto[]> {
    return this.accounts.list(auth, query.q);
  }

  @Post()
  @Authenticated({ roles: ['platform_admin'] })
  @ApiOperation({
    operationId: 'createAccount',
    summary: 'Create an account and send an invitation to set a password',
  })
  @ApiCreatedResponse({ type: AccountDto })
  create(@Auth() auth: AuthContext, @Body() dto: CreateAccountDto): Promise<AccountDto> {
    return this.accounts.create(auth, dto);
  }

  @Post(':userId/roles')
  @Authenticated({ roles: ['platform_admin'] })
  @ApiOperation({ operationId: 'grantRole', summary: 'Grant a role in a trust, a study or the platform' })
  @ApiCreatedResponse({ type: RoleGrantDto })
  grant(
    @Auth() auth: AuthContext,
    @Param('userId', uuidParam()) userId: string,
    @Body() dto: GrantRoleDto,
  ): Promise<RoleGrantDto> {
    return this.accounts.grantRole(auth, userId, dto);
  }

  @Delete(':userId/roles/:grantId')
  @HttpCode(204)
  @Authenticated({ roles: ['platform_admin'] })
  @ApiOperation({ operationId: 'revokeRole', summary: 'Revoke a role' })
  @ApiNoContentResponse()
  revoke(
    @Auth() auth: AuthContext,
    @Param('userId', uuidParam()) userId: string,
    @Param('grantId', uuidParam()) grantId: string,
  ): Promise<void> {
    return this.accounts.revokeRole(auth, userId, grantId);
  }
}
