import { redirect } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuth } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { ROUTE_ROLES } from "~/lib/navigation";
import { formAction, parsedIntent, type FormActionInput } from "~/lib/row-action.server";
import { getProfile, ownPartnerId, profileSchema, readProfileForm, saveProfile, type CheckedLogo } from "~/modules/partners/profile.server";
import { useT } from "~/lib/i18n-react";
import { Notice, PageHeader } from "~/components/Page";
import { useIntentFeedback } from "~/components/fields";
import { ProfileForm } from "~/components/PartnerLifecycle";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Company profile · Partner Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, ROUTE_ROLES.partnerProfile);
  const partnerId = ownPartnerId(auth);
  return { profile: await getProfile(getDb(), auth.scope, partnerId), logoUrl: `/partners/${partnerId}/logo` };
}

export async function action(args: ActionFunctionArgs) {
  return formAction<CheckedLogo>(
    args,
    { roles: ROUTE_ROLES.partnerProfile, allow: (auth) => void ownPartnerId(auth), upload: readProfileForm },
    {
      profile: parsedIntent<typeof profileSchema, FormActionInput<CheckedLogo>>(profileSchema, async ({ db, scope, actor, files }, fields) => {
        await saveProfile(db, scope, actor, ownPartnerId({ scope }), fields, files[0]);
        return redirect("/partner-profile?notice=saved");
      }),
    },
  );
}

export default function PartnerProfile() {
  const { profile, logoUrl } = useLoaderData<typeof loader>();
  const t = useT();
  const { errors, values } = useIntentFeedback()("profile");
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader title={t("profile.title")} subtitle={t("profile.intro")} />
      {params.get("notice") === "saved" && <Notice>{t("profile.saved")}</Notice>}
      <section className="card">
        <ProfileForm profile={profile} logoUrl={logoUrl} errors={errors} values={values} />
      </section>
    </>
  );
}
