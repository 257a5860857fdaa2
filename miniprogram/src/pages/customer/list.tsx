import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useAtom } from 'jotai';
import { ListToolbar } from '../../components/list-toolbar';
import { PagedListView } from '../../components/paged-list';
import { PageShell } from '../../components/page-shell';
import { Button } from '../../components/nutui';
import { listCustomers, type CustomerListItem } from '../../services/customers';
import { openCustomer } from '../../services/routes';
import { activeFilterCount, customerQueryAtom, EMPTY_CUSTOMER_QUERY, toListPayload } from '../../state/customer-filters';
import { usePagedList } from '../../state/paged-list';
import { formatCount } from '../../utils/format';
import { CustomerRow } from './customer-row';
import { FilterBar } from './filter-bar';
import { RegionSheet } from './region-sheet';
import './list.css';

const keyOf = (customer: CustomerListItem) => customer.id;

/**
 * 客户列表 (seed §1.2.3): search by name, filter by status, region and unresolved issues, every list field with
 * the status tag; pull-down refresh, paging, live refresh when the provider's customers change (a new ticket
 * moves a customer's open issues), tap → 客户详情. One customers.list per page shown.
 */
export default function CustomerListPage() {
  const [query, setQuery] = useAtom(customerQueryAtom);
  const [pickingRegion, setPickingRegion] = useState(false);

  const list = usePagedList({
    load: async (page, pageSize) => {
      const answer = await listCustomers(toListPayload(query, page, pageSize));
      return { items: answer.customers, total: answer.total };
    },
    keyOf,
    deps: [query],
    topics: ['customers', 'tickets'],
  });

  const filtered = activeFilterCount(query) > 0 || query.keyword.trim() !== '';
  const clear = () => setQuery(EMPTY_CUSTOMER_QUERY);

  return (
    <PageShell status='ready' className='customer-list'>
      <View className='customer-list__header'>
        <FilterBar query={query} onChange={setQuery} onPickRegion={() => setPickingRegion(true)} />
        {list.status === 'ready' ? (
          <ListToolbar summary={filtered ? `符合条件 ${formatCount(list.total)} 位客户` : `共 ${formatCount(list.total)} 位客户`}>
            {filtered ? (
              <Text className='customer-list__clear' onClick={clear}>
                清除筛选
              </Text>
            ) : null}
          </ListToolbar>
        ) : null}
      </View>
      <PagedListView
        list={list}
        keyOf={keyOf}
        renderItem={(customer) => <CustomerRow customer={customer} onOpen={() => void openCustomer(customer.id)} />}
        empty={
          filtered
            ? {
                title: '没有符合条件的客户',
                description: '换个关键字或筛选条件试试',
                action: (
                  <Button size='small' type='primary' fill='outline' onClick={clear}>
                    清除筛选
                  </Button>
                ),
              }
            : { title: '暂无客户', description: '总部分配给本服务商的客户会出现在这里' }
        }
      />
      <RegionSheet visible={pickingRegion} value={query.region} onPick={(region) => setQuery({ ...query, region })} onClose={() => setPickingRegion(false)} />
    </PageShell>
  );
}
