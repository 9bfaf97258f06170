import { Controller } from '@nestjs/common';
import { CORE_ROUTE_SCOPES } from '../../auth/scopes';
import { RequireScopes } from '../../auth/require-scopes.decorator';
import { CollectionResponder } from '../collection.responder';
import { ONEROSTER_V1P1_PATH } from '../../http/public-url';
import { RosterCollectionController } from '../roster-collection.controller';
import { STUDENTS } from '../route-constraints';

@Controller(`${ONEROSTER_V1P1_PATH}/students`)
@RequireScopes(...CORE_ROUTE_SCOPES)
export class StudentsController extends RosterCollectionController {
  constructor(responder: CollectionResponder) {
    super(responder, 'users', STUDENTS);
  }
}
