// The facilities module: the resources to book with "my bookings" and the manager's approval
// queue (/facilities), a resource's page with its week and booking form, and its check-in page
// (/resources/:id/check-in, which the QR code on its door opens).
import { defineModule } from '../module';

export const facilities = defineModule({
  id: 'facilities',
  nav: {
    path: '/facilities',
    ko: '시설·장비',
    en: 'Facilities',
    summaryKo:
      '협력지원센터의 공용실험실, 커뮤니티 공간, R&D 연구소, 입주 공간과 장비를 운영합니다.',
    summaryEn:
      'Shared labs, community space, R&D rooms, tenant space and equipment of the support center.',
    plannedKo: [
      '공간·장비와 겹치지 않는 예약 달력',
      '승인과 사용 자격 규칙',
      '사용료 바우처와 월별 정산서',
      '입주 계약과 입주 현황',
    ],
    plannedEn: [
      'Spaces and equipment with a booking calendar that never double-books',
      'Approval and qualification rules',
      'Fee vouchers and monthly statements',
      'Leases and occupancy of the center',
    ],
  },
  collections: [
    { name: 'resources', ko: '장비·공간', en: 'Equipment and rooms' },
    { name: 'bookings', ko: '예약', en: 'Bookings' },
    { name: 'qualifications', ko: '사용 자격', en: 'Qualifications' },
    { name: 'blackouts', ko: '점검·사용 중지 기간', en: 'Maintenance periods' },
    { name: 'holidays', ko: '공휴일', en: 'Public holidays' },
    { name: 'calendar-feeds', ko: '캘린더 구독 주소', en: 'Calendar feeds' },
    { name: 'waitlist', ko: '예약 대기', en: 'Waitlist' },
    { name: 'spaces', ko: '입주 공간', en: 'Spaces' },
    { name: 'leases', ko: '입주 계약', en: 'Leases' },
    { name: 'vouchers', ko: '바우처', en: 'Vouchers' },
    { name: 'statements', ko: '정산서', en: 'Statements' },
    { name: 'statement-lines', ko: '정산서 내역', en: 'Statement lines' },
  ],
  load: () => import('./pages'),
  pages: [
    {
      path: '/facilities',
      tab: { ko: '예약', en: 'Booking' },
      lazy: (x) => <x.FacilitiesPage />,
    },
    {
      path: '/booking-calendar',
      tab: { ko: '달력', en: 'Calendar' },
      lazy: (x) => <x.CalendarPage />,
    },
    {
      path: '/fee-statements',
      tab: { ko: '월별 정산', en: 'Billing' },
      lazy: (x) => <x.StatementsPage />,
    },
    {
      path: '/utilisation',
      tab: { ko: '이용률', en: 'Utilisation' },
      lazy: (x) => <x.UtilisationPage />,
    },
    {
      path: '/occupancy',
      tab: { ko: '입주 현황', en: 'Occupancy' },
      lazy: (x) => <x.SpacesPage />,
    },
  ],
  views: [
    { of: 'resources', at: ':id', lazy: (x, { id }) => <x.ResourcePage id={id} /> },
    { of: 'resources', at: ':id/check-in', lazy: (x, { id }) => <x.CheckInPage id={id} /> },
    { of: 'statements', at: ':id', lazy: (x, { id }) => <x.StatementPage id={id} /> },
  ],
});
