import { Controller } from '@nestjs/common';
import { CORE_ROUTE_SCOPES } from '../../auth/scopes';
import { RequireScopes } from '../../auth/require-scopes.decorator';
import { CollectionResponder } from '../collection.responder';
import { ONEROSTER_V1P1_PATH } from '../../http/public-url';
import { RosterCollectionController } from '../roster-collection.controller';
import { SCHOOLS } from '../route-constraints';

@Controller(`${ONEROSTER_V1P1_PATH}/schools`)
@RequireScopes(...CORE_ROUTE_SCOPES)
export class SchoolsController extends RosterCollectionController {
  constructor(responder: CollectionResponder) {
    super(responder, 'orgs', SCHOOLS);
  }
}
